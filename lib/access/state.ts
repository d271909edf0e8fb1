import { DEFAULT_STAGE, type AccessChange, type AccessState, type UserGrants } from "./types";

/**
 * Applies one change to the access state, as the data layer does: adding what is
 * there and removing what is not are no-ops; deleting a group or a role takes its
 * memberships and grants with it (rule 7: a new one with the same name starts empty).
 * A group keeps its stage for ever: no change moves it (`groupStages` is never changed here).
 */
export function applyChange(state: AccessState, change: AccessChange): AccessState {
  const { memberships, groupRoles, directGrants } = state;
  switch (change.type) {
    case "addMember":
      return memberships.some((m) => m.groupId === change.groupId && m.userId === change.userId)
        ? state
        : { ...state, memberships: [...memberships, { groupId: change.groupId, userId: change.userId }] };
    case "removeMember":
      return {
        ...state,
        memberships: memberships.filter((m) => !(m.groupId === change.groupId && m.userId === change.userId)),
      };
    case "addGroupRole":
      return groupRoles.some((g) => g.groupId === change.groupId && g.roleId === change.roleId)
        ? state
        : { ...state, groupRoles: [...groupRoles, { groupId: change.groupId, roleId: change.roleId }] };
    case "removeGroupRole":
      return {
        ...state,
        groupRoles: groupRoles.filter((g) => !(g.groupId === change.groupId && g.roleId === change.roleId)),
      };
    case "addDirectGrant": {
      const stageId = change.stageId ?? DEFAULT_STAGE;
      return directGrants.some((d) => sameGrant(d, change.userId, change.roleId, stageId))
        ? state
        : { ...state, directGrants: [...directGrants, { userId: change.userId, roleId: change.roleId, stageId }] };
    }
    case "removeDirectGrant": {
      const stageId = change.stageId ?? DEFAULT_STAGE;
      return {
        ...state,
        directGrants: directGrants.filter((d) => !sameGrant(d, change.userId, change.roleId, stageId)),
      };
    }
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

/** The stage of a group in the state (rule 11). */
export function stageOfGroup(state: AccessState, groupId: string): string {
  return state.groupStages?.[groupId] ?? DEFAULT_STAGE;
}

/**
 * One user's grants in one stage (the default stage unless named): direct grants made in that
 * stage, and the groups of that stage. Group names default to their ids.
 */
export function userGrantsFrom(
  state: AccessState,
  userId: string,
  groupNames?: ReadonlyMap<string, string>,
  stageId: string = DEFAULT_STAGE,
): UserGrants {
  return {
    directRoleIds: state.directGrants
      .filter((d) => d.userId === userId && (d.stageId ?? DEFAULT_STAGE) === stageId)
      .map((d) => d.roleId),
    groups: state.memberships
      .filter((m) => m.userId === userId && stageOfGroup(state, m.groupId) === stageId)
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

/** Every stage in which the state grants something (the default stage always). */
export function stagesIn(state: AccessState): string[] {
  return [
    ...new Set([
      DEFAULT_STAGE,
      ...Object.values(state.groupStages ?? {}),
      ...state.directGrants.map((d) => d.stageId ?? DEFAULT_STAGE),
    ]),
  ];
}

function sameGrant(d: AccessState["directGrants"][number], userId: string, roleId: string, stageId: string) {
  return d.userId === userId && d.roleId === roleId && (d.stageId ?? DEFAULT_STAGE) === stageId;
}
