import type { EffectiveRole, GroupRef, UserGrants } from "./types";

/**
 * Effective roles (rule 1): the union of the direct grants and the roles of every group,
 * each with all of its sources (rule 3). Groups are listed by name so sources read in a
 * stable order; roles keep the order in which they were first met.
 */
export function effectiveRoles(grants: UserGrants): EffectiveRole[] {
  const byRole = new Map<string, EffectiveRole>();
  const entry = (roleId: string) => {
    let role = byRole.get(roleId);
    if (!role) byRole.set(roleId, (role = { roleId, direct: false, groups: [] }));
    return role;
  };
  for (const roleId of grants.directRoleIds) entry(roleId).direct = true;
  const groups = [...grants.groups].sort(compareGroups);
  for (const group of groups) {
    for (const roleId of new Set(group.roleIds)) {
      const role = entry(roleId);
      if (!role.groups.some((g) => g.id === group.id)) role.groups.push({ id: group.id, name: group.name });
    }
  }
  return [...byRole.values()];
}

function compareGroups(a: GroupRef, b: GroupRef) {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** A role that is only inherited cannot be removed from the user individually (rule 4). */
export function isOnlyInherited(role: EffectiveRole): boolean {
  return !role.direct && role.groups.length > 0;
}
