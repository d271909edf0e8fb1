import { searchRoute } from "@/lib/api/search";
import { searchGroups } from "@/lib/dal/groups";

export const dynamic = "force-dynamic";

/** Groups for the pickers: `?q=` part of the name; `notContainingUserId` leaves out a user's groups. */
export const GET = searchRoute("groups:read", ["notContainingUserId"], async (actor, query, { notContainingUserId }) =>
  (await searchGroups(actor, query, { notContainingUserId, limit: 10 })).map((group) => ({
    id: group.id,
    label: group.name,
    detail: group.description || undefined,
  })),
);
