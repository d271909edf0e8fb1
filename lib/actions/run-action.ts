import "server-only";
import { getActor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/access/permissions";
import { authorize, type Actor } from "@/lib/dal/actor";
import { isAppError } from "@/lib/dal/errors";

export type ActionResult<T = undefined> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The body of every server action: re-reads the actor (server actions are public
 * POST endpoints), checks the permission the action declares (the same one as in
 * ACTION_ACCESS, lib/access/catalogue.ts), runs the DAL call, and turns errors into a
 * result the form can show. The DAL authorizes again; unknown errors are logged and
 * shown generically.
 */
export async function runAction<T>(
  access: Permission | "signed-in",
  work: (actor: Actor) => Promise<T>,
): Promise<ActionResult<T>> {
  const actor = await getActor();
  if (!actor) return { ok: false, error: "Your session has ended. Please sign in again." };
  try {
    if (access !== "signed-in") authorize(actor, access);
    return { ok: true, data: await work(actor) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    console.error("Unexpected error in a server action", error);
    return { ok: false, error: "Something went wrong on our side. Nothing was changed; please try again." };
  }
}
