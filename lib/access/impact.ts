import { effectiveRoles } from "./effective-roles";
import { applyChange, stagesIn, userGrantsFrom, usersIn } from "./state";
import { DEFAULT_STAGE, type AccessChange, type AccessState, type EffectiveRole } from "./types";

/** What a planned change does to one user's roles in one stage. */
export interface UserImpact {
  userId: string;
  stageId: string;
  /** Roles the user no longer holds by any source. */
  loses: string[];
  /** Roles that lose a source but stay, through what remains (rule 2). */
  keeps: { roleId: string; direct: boolean; groupIds: string[] }[];
  /** Roles the user did not hold before. */
  gains: string[];
}

/**
 * The impact of a change on everyone it touches, per stage, computed by comparing effective
 * roles with their sources before and after. Users whose roles and sources are unchanged in
 * a stage are left out of it.
 */
export function impactOf(state: AccessState, change: AccessChange): UserImpact[] {
  const after = applyChange(state, change);
  const impacts: UserImpact[] = [];
  const stages = [...new Set([...stagesIn(state), ...stagesIn(after)])];
  for (const userId of usersIn(state).concat(usersIn(after)).filter(unique)) {
    for (const stageId of stages) {
      const before = index(effectiveRoles(userGrantsFrom(state, userId, undefined, stageId)));
      const now = index(effectiveRoles(userGrantsFrom(after, userId, undefined, stageId)));
      const impact: UserImpact = { userId, stageId, loses: [], keeps: [], gains: [] };
      for (const [roleId, role] of before) {
        const remaining = now.get(roleId);
        if (!remaining) impact.loses.push(roleId);
        else if (sourceCount(remaining) < sourceCount(role))
          impact.keeps.push({ roleId, direct: remaining.direct, groupIds: remaining.groups.map((g) => g.id) });
      }
      for (const roleId of now.keys()) if (!before.has(roleId)) impact.gains.push(roleId);
      if (impact.loses.length || impact.keeps.length || impact.gains.length) impacts.push(impact);
    }
  }
  return impacts;
}

/** Users who hold the role in the stage after the change, by any source (rule 8 asks this of `gatehouse:admin`). */
export function holdersAfter(
  state: AccessState,
  change: AccessChange,
  roleId: string,
  stageId: string = DEFAULT_STAGE,
): string[] {
  const after = applyChange(state, change);
  return usersIn(after).filter((userId) =>
    effectiveRoles(userGrantsFrom(after, userId, undefined, stageId)).some((role) => role.roleId === roleId),
  );
}

function index(roles: EffectiveRole[]) {
  return new Map(roles.map((role) => [role.roleId, role]));
}
function sourceCount(role: EffectiveRole) {
  return role.groups.length + (role.direct ? 1 : 0);
}
function unique<T>(value: T, i: number, all: T[]) {
  return all.indexOf(value) === i;
}
