/**
 * The rules, through the real data access layer on PostgreSQL: random sequences
 * of changes are applied both through the DAL and to the pure rules of
 * lib/access; after every step each user's effective roles with their sources,
 * as the DAL reads them back, must equal what the rules say.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChange, effectiveRoles, userGrantsFrom, type AccessChange, type AccessState } from "@/lib/access";
import { loadUserAccess } from "./access";
import type { Actor } from "./actor";
import { isAppError } from "./errors";
import { addDirectGrants, removeDirectGrant } from "./grants";
import { addRolesToGroup, removeRoleFromGroup } from "./group-roles";
import { createGroup as createGroupDal, deleteGroup } from "./groups";
import { addMembers, removeMembers } from "./memberships";
import { createRole as createRoleDal, deleteRole } from "./roles";
import { adminActor, createApplication, createUser, unique } from "@/lib/testing/factories";

const USERS = 3;
const GROUPS = 3;
const ROLES = 3;

const changeArb: fc.Arbitrary<AccessChange> = fc
  .oneof(
    fc.record({ type: fc.constant("addMember" as const), groupId: fc.nat(GROUPS - 1), userId: fc.nat(USERS - 1) }),
    fc.record({ type: fc.constant("removeMember" as const), groupId: fc.nat(GROUPS - 1), userId: fc.nat(USERS - 1) }),
    fc.record({ type: fc.constant("addGroupRole" as const), groupId: fc.nat(GROUPS - 1), roleId: fc.nat(ROLES - 1) }),
    fc.record({
      type: fc.constant("removeGroupRole" as const),
      groupId: fc.nat(GROUPS - 1),
      roleId: fc.nat(ROLES - 1),
    }),
    fc.record({ type: fc.constant("addDirectGrant" as const), userId: fc.nat(USERS - 1), roleId: fc.nat(ROLES - 1) }),
    fc.record({
      type: fc.constant("removeDirectGrant" as const),
      userId: fc.nat(USERS - 1),
      roleId: fc.nat(ROLES - 1),
    }),
    fc.record({ type: fc.constant("deleteGroup" as const), groupId: fc.nat(GROUPS - 1) }),
    fc.record({ type: fc.constant("deleteRole" as const), roleId: fc.nat(ROLES - 1) }),
  )
  .map((change) => {
    // Pool indices become stable slot names; slots are mapped to database ids below.
    const named: Record<string, unknown> = { ...change };
    for (const key of ["groupId", "userId", "roleId"] as const) {
      if (key in change) named[key] = `${key[0]}${(change as unknown as Record<string, number>)[key]}`;
    }
    return named as AccessChange;
  });

class World {
  state: AccessState = { memberships: [], groupRoles: [], directGrants: [] };
  ids = new Map<string, string>();
  constructor(
    readonly admin: Actor,
    readonly appId: string,
  ) {}

  static async create() {
    const admin = await adminActor();
    const app = await createApplication();
    const world = new World(admin, app.id);
    for (let i = 0; i < USERS; i++) world.ids.set(`u${i}`, (await createUser()).id);
    for (let i = 0; i < GROUPS; i++) await world.newGroup(`g${i}`);
    for (let i = 0; i < ROLES; i++) await world.newRole(`r${i}`);
    return world;
  }
  async newGroup(slot: string) {
    this.ids.set(slot, (await createGroupDal(this.admin, { name: unique(slot) })).id);
  }
  async newRole(slot: string) {
    const role = await createRoleDal(this.admin, { applicationId: this.appId, key: unique(slot), name: slot });
    this.ids.set(slot, role.id);
  }
  id(slot: string) {
    return this.ids.get(slot)!;
  }

  async apply(change: AccessChange) {
    const a = this.admin;
    const id = (slot: string) => this.id(slot);
    switch (change.type) {
      case "addMember":
        return addMembers(a, id(change.groupId), [id(change.userId)]);
      case "removeMember":
        return removeMembers(a, id(change.groupId), [id(change.userId)]);
      case "addGroupRole":
        return addRolesToGroup(a, id(change.groupId), [id(change.roleId)]);
      case "removeGroupRole":
        return removeRoleFromGroup(a, id(change.groupId), id(change.roleId));
      case "addDirectGrant":
        return addDirectGrants(a, id(change.userId), [id(change.roleId)]);
      case "removeDirectGrant":
        try {
          return await removeDirectGrant(a, id(change.userId), id(change.roleId));
        } catch (error) {
          // Rule 4: an only-inherited role is refused with a pointer to the group.
          const grants = userGrantsFrom(this.state, change.userId);
          const inherited = grants.groups.some((g) => g.roleIds.includes(change.roleId));
          const direct = grants.directRoleIds.includes(change.roleId);
          if (isAppError(error) && error.code === "CONFLICT" && inherited && !direct) return;
          throw error;
        }
      case "deleteGroup":
        await deleteGroup(a, id(change.groupId));
        return this.newGroup(change.groupId); // rule 7: the slot's new group starts empty
      case "deleteRole":
        await deleteRole(a, id(change.roleId));
        return this.newRole(change.roleId);
    }
  }

  /** What the DAL says, translated back to slot names. */
  async observed(userSlot: string) {
    const slotOf = new Map([...this.ids].map(([slot, dbId]) => [dbId, slot]));
    const access = await loadUserAccess(this.id(userSlot));
    return access.roles
      .map((r) => ({
        roleId: slotOf.get(r.roleId)!,
        direct: r.direct,
        groups: r.inheritedFrom.map((g) => slotOf.get(g.id)!).sort(),
      }))
      .sort((x, y) => x.roleId.localeCompare(y.roleId));
  }
  expected(userSlot: string) {
    return effectiveRoles(userGrantsFrom(this.state, userSlot))
      .map((r) => ({ roleId: r.roleId, direct: r.direct, groups: r.groups.map((g) => g.id).sort() }))
      .sort((x, y) => x.roleId.localeCompare(y.roleId));
  }
}

describe("rules through the DAL on PostgreSQL (property)", () => {
  it("effective roles with sources match the rules after every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(changeArb, { minLength: 1, maxLength: 12 }), async (changes) => {
        const world = await World.create();
        for (const change of changes) {
          await world.apply(change);
          world.state = applyChange(world.state, change);
          for (let u = 0; u < USERS; u++) {
            expect(await world.observed(`u${u}`)).toEqual(world.expected(`u${u}`));
          }
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
