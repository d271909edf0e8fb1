import { searchRoute } from "@/lib/api/search";
import { searchRoles } from "@/lib/dal/roles";

export const dynamic = "force-dynamic";

/** Roles for the pickers, by name, key or application, grouped under their application. */
export const GET = searchRoute("roles:read", [], async (actor, query) =>
  (await searchRoles(actor, query, 20)).map((role) => ({
    id: role.id,
    label: role.name,
    detail: `${role.applicationKey}:${role.key}`,
    group: role.applicationName,
  })),
);
