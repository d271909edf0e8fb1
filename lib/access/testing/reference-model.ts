import fc from "fast-check";
import type { AccessChange } from "../types";

/**
 * A deliberately naive model of the rules, written straight from product.md and
 * sharing no code with lib/access: relations as sets of "a|b" strings, effective
 * roles found by brute force over every role.
 */
export class ReferenceModel {
  members = new Set<string>(); // group|user
  groupRoles = new Set<string>(); // group|role
  direct = new Set<string>(); // user|role

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
        return void this.direct.add(`${change.userId}|${change.roleId}`);
      case "removeDirectGrant":
        return void this.direct.delete(`${change.userId}|${change.roleId}`);
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

  /** Effective roles of a user as sorted `{ roleId, direct, groups }`. */
  effective(userId: string, roles: readonly string[], groups: readonly string[]) {
    return roles
      .map((roleId) => ({
        roleId,
        direct: this.direct.has(`${userId}|${roleId}`),
        groups: groups
          .filter((g) => this.members.has(`${g}|${userId}`) && this.groupRoles.has(`${g}|${roleId}`))
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

const user = fc.constantFrom(...USERS);
const group = fc.constantFrom(...GROUPS);
const role = fc.constantFrom(...ROLES);

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
  }),
  fc.record({ type: fc.constant("deleteGroup" as const), groupId: group }),
  fc.record({ type: fc.constant("deleteRole" as const), roleId: role }),
);
