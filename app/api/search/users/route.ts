import { searchRoute } from "@/lib/api/search";
import { searchUsers } from "@/lib/dal/users";

export const dynamic = "force-dynamic";

/** Users for the pickers: `?q=` prefix of username or email, or part of the name; `notInGroupId` leaves a group's members out. */
export const GET = searchRoute("users:read", ["notInGroupId"], async (actor, query, { notInGroupId }) =>
  (await searchUsers(actor, query, { notInGroupId, limit: 10 })).map((user) => ({
    id: user.id,
    label: user.username,
    detail: `${user.displayName} · ${user.email}`,
  })),
);
