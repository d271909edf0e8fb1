import { searchRoute } from "@/lib/api/search";
import { searchRoles } from "@/lib/dal/roles";

export const dynamic = "force-dynamic";

/**
 * Roles for the pickers, by name, key or application, grouped under their application.
 * `stageId`: the stage the role will be given in (Gatehouse's own roles only in the default one).
 */
export const GET = searchRoute("roles:read", ["stageId"], async (actor, query, { stageId }) =>
  (await searchRoles(actor, query, 20, { stageId })).map((role) => ({
    id: role.id,
    label: role.name,
    detail: `${role.applicationKey}:${role.key}`,
    group: role.applicationName,
  })),
);
