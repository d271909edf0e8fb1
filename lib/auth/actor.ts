import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loadActor, type Actor } from "@/lib/dal/actor";
import { auth } from "./index";

/** The acting user of this request, or null. Read once per request from the database. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const version = session?.sessionVersion;
  if (!id || typeof version !== "number") return null;
  return loadActor(id, version);
});

/** For pages: the actor, or a redirect to sign-in. Pages only redirect; the DAL authorizes. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

export async function requireAdmin(): Promise<Actor> {
  const actor = await requireActor();
  if (!actor.isAdmin) redirect("/me?denied=1");
  return actor;
}

export function homeFor(actor: Actor): string {
  return actor.isAdmin ? "/admin" : "/me";
}
