import { searchRoute } from "@/lib/api/search";
import { allStages } from "@/lib/dal/stages";
import { searchGroups } from "@/lib/dal/groups";

export const dynamic = "force-dynamic";

/** Groups for the pickers: `?q=` part of the name; `notContainingUserId` leaves out a user's groups. */
export const GET = searchRoute(
  "groups:read",
  ["notContainingUserId"],
  async (actor, query, { notContainingUserId }) => {
    // With two or more stages, "Support" may exist in several: the option says which.
    const staged = (await allStages()).length > 1;
    return (await searchGroups(actor, query, { notContainingUserId, limit: 10 })).map((group) => ({
      id: group.id,
      label: staged ? `${group.name} (${group.stage.name})` : group.name,
      detail: group.description || undefined,
    }));
  },
);
