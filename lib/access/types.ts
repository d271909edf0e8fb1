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

/**
 * The whole access picture as relations; the pure counterpart of the database tables.
 * Stages (rule 11): a group's roles apply only in the group's stage (`groupStages`, fixed when the
 * group is created) and a direct grant only in its own. A group or grant without a stage is in
 * DEFAULT_STAGE, so a state written before stages existed means what it meant then.
 */
export interface AccessState {
  memberships: readonly { groupId: string; userId: string }[];
  groupRoles: readonly { groupId: string; roleId: string }[];
  directGrants: readonly { userId: string; roleId: string; stageId?: string }[];
  groupStages?: Readonly<Record<string, string>>;
}

/** The stage of what names none. */
export const DEFAULT_STAGE = "default";

export type AccessChange =
  | { type: "addMember" | "removeMember"; groupId: string; userId: string }
  | { type: "addGroupRole" | "removeGroupRole"; groupId: string; roleId: string }
  | { type: "addDirectGrant" | "removeDirectGrant"; userId: string; roleId: string; stageId?: string }
  | { type: "deleteGroup"; groupId: string }
  | { type: "deleteRole"; roleId: string };
