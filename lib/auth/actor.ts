import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { cache } from "react";
import { mayEnterAdminArea, mayOpen, type AdminRoutePath } from "@/lib/access/catalogue";
import { cookies } from "next/headers";
import { loadActor, type Actor } from "@/lib/dal/actor";
import { DatabaseUnavailableError } from "@/lib/dal/errors";
import { isDatabaseReady } from "@/lib/dal/health";
import { auth } from "./index";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * The session (with its fresh claims) and the acting user of this request, read once.
 * The actor is null when signed out, disabled, or signed out by a session-version bump;
 * the claims are then not to be used either.
 */
export const getRequestAuth = cache(async (): Promise<{ session: Session | null; actor: Actor | null }> => {
  const session = await auth();
  const id = session?.user?.id;
  const version = session?.sessionVersion;
  if (!id || typeof version !== "number") {
    await assertNotAnOutage();
    return { session: null, actor: null };
  }
  return { session, actor: await loadActor(id, version) };
});

/**
 * Auth.js answers "no session" when it cannot check one, also when the database is away. A
 * person with a session cookie is then not signed out: fail the request instead (the proxy's
 * outage page answers the next one), never send them to sign in.
 */
async function assertNotAnOutage() {
  const jar = await cookies();
  if (!SESSION_COOKIES.some((name) => jar.has(name))) return;
  if (!(await isDatabaseReady({ fresh: true }))) throw new DatabaseUnavailableError();
}

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
