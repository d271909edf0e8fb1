import { searchRoute } from "@/lib/api/search";
import type { Actor } from "@/lib/dal/actor";
import { searchGroups } from "@/lib/dal/groups";
import { allStages } from "@/lib/dal/stages";

export const dynamic = "force-dynamic";

async function find(actor: Actor, query: string, { notContainingUserId }: { notContainingUserId?: string }) {
  // With two or more stages, "Support" may exist in several: the option says which.
  const staged = (await allStages()).length > 1;
  return (await searchGroups(actor, query, { notContainingUserId, limit: 10 })).map((group) => ({
    id: group.id,
    label: staged ? `${group.name} (${group.stage.name})` : group.name,
    detail: group.description || undefined,
  }));
}

/** Groups for the pickers: `?q=` part of the name; `notContainingUserId` leaves out a user's groups. */
export const GET = searchRoute("groups:read", ["notContainingUserId"], find);
