import type { AccessChange, AccessState, UserGrants } from "./types";

/**
 * Applies one change to the access state, as the data layer does: adding what is
 * there and removing what is not are no-ops; deleting a group or a role takes its
 * memberships and grants with it (rule 7: a new one with the same name starts empty).
 */
export function applyChange(state: AccessState, change: AccessChange): AccessState {
  const { memberships, groupRoles, directGrants } = state;
  switch (change.type) {
    case "addMember":
      return has(memberships, change)
        ? state
        : { ...state, memberships: [...memberships, pick(change, "groupId", "userId")] };
    case "removeMember":
      return { ...state, memberships: memberships.filter((m) => !same(m, change, "groupId", "userId")) };
    case "addGroupRole":
      return has(groupRoles, change)
        ? state
        : { ...state, groupRoles: [...groupRoles, pick(change, "groupId", "roleId")] };
    case "removeGroupRole":
      return { ...state, groupRoles: groupRoles.filter((g) => !same(g, change, "groupId", "roleId")) };
    case "addDirectGrant":
      return has(directGrants, change)
        ? state
        : { ...state, directGrants: [...directGrants, pick(change, "userId", "roleId")] };
    case "removeDirectGrant":
      return { ...state, directGrants: directGrants.filter((d) => !same(d, change, "userId", "roleId")) };
    case "deleteGroup":
      return {
        ...state,
        memberships: memberships.filter((m) => m.groupId !== change.groupId),
        groupRoles: groupRoles.filter((g) => g.groupId !== change.groupId),
      };
    case "deleteRole":
      return {
        ...state,
        groupRoles: groupRoles.filter((g) => g.roleId !== change.roleId),
        directGrants: directGrants.filter((d) => d.roleId !== change.roleId),
      };
  }
}

/** One user's grants in the state; group names default to their ids. */
export function userGrantsFrom(
  state: AccessState,
  userId: string,
  groupNames?: ReadonlyMap<string, string>,
): UserGrants {
  return {
    directRoleIds: state.directGrants.filter((d) => d.userId === userId).map((d) => d.roleId),
    groups: state.memberships
      .filter((m) => m.userId === userId)
      .map(({ groupId }) => ({
        id: groupId,
        name: groupNames?.get(groupId) ?? groupId,
        roleIds: state.groupRoles.filter((g) => g.groupId === groupId).map((g) => g.roleId),
      })),
  };
}

/** Every user who appears anywhere in the state. */
export function usersIn(state: AccessState): string[] {
  return [...new Set([...state.memberships.map((m) => m.userId), ...state.directGrants.map((d) => d.userId)])];
}

type Row = Record<string, string>;
function same(row: Row, change: object, a: string, b: string) {
  const c = change as Row;
  return row[a] === c[a] && row[b] === c[b];
}
function has(rows: readonly Row[], change: object) {
  const keys = Object.keys(rows[0] ?? change).filter((k) => k !== "type");
  const c = change as Row;
  return rows.some((row) => keys.every((k) => row[k] === c[k]));
}
function pick<K extends string>(change: object, a: K, b: K): Record<K, string> {
  const c = change as Row;
  return { [a]: c[a], [b]: c[b] } as Record<K, string>;
}
