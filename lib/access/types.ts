/** A group as a source of roles. */
export interface GroupRef {
  id: string;
  name: string;
}

/** What a user holds before inheritance is worked out: direct grants, and each group with its roles. */
export interface UserGrants {
  directRoleIds: readonly string[];
  groups: readonly (GroupRef & { roleIds: readonly string[] })[];
}

/** One effective role with its sources: `direct` and/or every group it is inherited from. */
export interface EffectiveRole {
  roleId: string;
  direct: boolean;
  groups: GroupRef[];
}

/** The whole access picture as relations; the pure counterpart of the database tables. */
export interface AccessState {
  memberships: readonly { groupId: string; userId: string }[];
  groupRoles: readonly { groupId: string; roleId: string }[];
  directGrants: readonly { userId: string; roleId: string }[];
}

export type AccessChange =
  | { type: "addMember" | "removeMember"; groupId: string; userId: string }
  | { type: "addGroupRole" | "removeGroupRole"; groupId: string; roleId: string }
  | { type: "addDirectGrant" | "removeDirectGrant"; userId: string; roleId: string }
  | { type: "deleteGroup"; groupId: string }
  | { type: "deleteRole"; roleId: string };
