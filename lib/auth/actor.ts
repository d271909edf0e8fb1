import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { cache } from "react";
import { mayEnterAdminArea, mayOpen, type AdminRoutePath } from "@/lib/access/catalogue";
import { loadActor, type Actor } from "@/lib/dal/actor";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "@/lib/dal/errors";
import { loadClaims } from "@/lib/dal/claims";
import { readSessionToken } from "./session-cookie";

/**
 * The session (with its fresh claims) and the acting user of this request, read once: the
 * session cookie is decrypted here (lib/auth/session-cookie.ts), and the user, their access and
 * claims come from one database read (lib/dal/request-access.ts). The actor is null when signed
 * out, disabled, or signed out by a session-version bump; the claims are then not to be used either.
 *
 * When the database cannot be reached, this throws (DatabaseUnavailableError) instead of reading
 * as signed out: a person with a session is never sent to sign in because of an outage.
 */
export const getRequestAuth = cache(async (): Promise<{ session: Session | null; actor: Actor | null }> => {
  const token = await readSessionToken();
  if (!token) return { session: null, actor: null };
  try {
    const actor = await loadActor(token.userId, token.sessionVersion);
    if (!actor) return { session: null, actor: null };
    const claims = await loadClaims(actor.id);
    const session: Session = {
      user: { id: actor.id, name: actor.displayName, email: actor.email },
      expires: new Date(token.expiresAt * 1000).toISOString(),
      sessionVersion: token.sessionVersion,
      ...claims,
    };
    return { session, actor };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new DatabaseUnavailableError();
    throw error;
  }
});

/** The acting user of this request, or null. */
export async function getActor(): Promise<Actor | null> {
  return (await getRequestAuth()).actor;
}

/** For pages: the actor, or a redirect to sign-in. Pages only redirect; the DAL authorizes. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/**
 * For admin pages: the actor, if the route table (lib/access/catalogue.ts) lets them
 * open this page; otherwise a redirect. `/admin` is the layout and dashboard: any
 * admin-area read permission opens it.
 */
export async function requirePage(path: AdminRoutePath): Promise<Actor> {
  const actor = await requireActor();
  if (!mayOpen(path, actor.permissions)) redirect(mayEnterAdminArea(actor.permissions) ? "/admin" : "/me?denied=1");
  return actor;
}

export function homeFor(actor: Actor): string {
  return mayEnterAdminArea(actor.permissions) ? "/admin" : "/me";
}
