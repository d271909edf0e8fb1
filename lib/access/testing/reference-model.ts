import fc from "fast-check";
import type { AccessChange } from "../types";

/**
 * A deliberately naive model of the rules, written straight from product.md and
 * sharing no code with lib/access: relations as sets of "a|b" strings, effective
 * roles found by brute force over every role, per stage (rule 11: a group's roles
 * count only in its stage, a direct grant only in its own).
 */
export class ReferenceModel {
  members = new Set<string>(); // group|user
  groupRoles = new Set<string>(); // group|role
  direct = new Set<string>(); // user|role|stage

  /** The stage of every group, fixed for the life of the model (absent: "default"). */
  constructor(readonly groupStage: Readonly<Record<string, string>> = {}) {}

  apply(change: AccessChange) {
    switch (change.type) {
      case "addMember":
        return void this.members.add(`${change.groupId}|${change.userId}`);
      case "removeMember":
        return void this.members.delete(`${change.groupId}|${change.userId}`);
      case "addGroupRole":
        return void this.groupRoles.add(`${change.groupId}|${change.roleId}`);
      case "removeGroupRole":
        return void this.groupRoles.delete(`${change.groupId}|${change.roleId}`);
      case "addDirectGrant":
        return void this.direct.add(`${change.userId}|${change.roleId}|${change.stageId ?? "default"}`);
      case "removeDirectGrant":
        return void this.direct.delete(`${change.userId}|${change.roleId}|${change.stageId ?? "default"}`);
      case "deleteGroup":
        this.members = without(this.members, (g) => g === change.groupId);
        this.groupRoles = without(this.groupRoles, (g) => g === change.groupId);
        return;
      case "deleteRole":
        this.groupRoles = without(this.groupRoles, (_, r) => r === change.roleId);
        this.direct = without(this.direct, (_, r) => r === change.roleId);
        return;
    }
  }

  /** Effective roles of a user in a stage as sorted `{ roleId, direct, groups }`. */
  effective(userId: string, roles: readonly string[], groups: readonly string[], stageId = "default") {
    return roles
      .map((roleId) => ({
        roleId,
        direct: this.direct.has(`${userId}|${roleId}|${stageId}`),
        groups: groups
          .filter(
            (g) =>
              (this.groupStage[g] ?? "default") === stageId &&
              this.members.has(`${g}|${userId}`) &&
              this.groupRoles.has(`${g}|${roleId}`),
          )
          .sort(),
      }))
      .filter((role) => role.direct || role.groups.length > 0);
  }
}

function without(set: Set<string>, drop: (a: string, b: string) => boolean) {
  return new Set([...set].filter((pair) => !drop(...(pair.split("|") as [string, string]))));
}

export const USERS = ["u0", "u1", "u2", "u3"];
export const GROUPS = ["g0", "g1", "g2"];
export const ROLES = ["r0", "r1", "r2", "r3"];
export const STAGES = ["default", "s1", "s2"];

const user = fc.constantFrom(...USERS);
const group = fc.constantFrom(...GROUPS);
const role = fc.constantFrom(...ROLES);
const stage = fc.constantFrom(...STAGES);

/** A random stage for every group (fixed at creation, so drawn once per run). */
export const groupStagesArb: fc.Arbitrary<Record<string, string>> = fc
  .tuple(...GROUPS.map(() => stage))
  .map((stages) => Object.fromEntries(GROUPS.map((g, i) => [g, stages[i]!])));

/** Random changes over small pools, so that sequences collide often (shared roles, repeated adds). */
export const changeArb: fc.Arbitrary<AccessChange> = fc.oneof(
  fc.record({ type: fc.constantFrom("addMember" as const, "removeMember" as const), groupId: group, userId: user }),
  fc.record({
    type: fc.constantFrom("addGroupRole" as const, "removeGroupRole" as const),
    groupId: group,
    roleId: role,
  }),
  fc.record({
    type: fc.constantFrom("addDirectGrant" as const, "removeDirectGrant" as const),
    userId: user,
    roleId: role,
    stageId: stage,
  }),
  fc.record({ type: fc.constant("deleteGroup" as const), groupId: group }),
  fc.record({ type: fc.constant("deleteRole" as const), roleId: role }),
);
