/**
 * The rules, through the real data access layer on PostgreSQL: random stages for the groups
 * and random sequences of changes (direct grants in random stages) are applied both through
 * the DAL and to the pure rules of lib/access; after every step each user's effective roles
 * with their sources in every stage, as the DAL reads them back, must equal what the rules say
 * (a membership in a Development group never yields a Production role).
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
import {
  adminActor,
  createApplication,
  createStage,
  createUser,
  productionStage,
  unique,
} from "@/lib/testing/factories";

const USERS = 3;
const GROUPS = 3;
const ROLES = 3;
const STAGES = ["default", "s1", "s2"];
const stageArb = fc.constantFrom(...STAGES);
const groupStagesArb = fc
  .tuple(...Array.from({ length: GROUPS }, () => stageArb))
  .map((stages) => Object.fromEntries(stages.map((stage, i) => [`g${i}`, stage])));

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
    fc.record({
      type: fc.constant("addDirectGrant" as const),
      userId: fc.nat(USERS - 1),
      roleId: fc.nat(ROLES - 1),
      stageId: stageArb,
    }),
    fc.record({
      type: fc.constant("removeDirectGrant" as const),
      userId: fc.nat(USERS - 1),
      roleId: fc.nat(ROLES - 1),
      stageId: stageArb,
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
  state: AccessState;
  ids = new Map<string, string>();
  constructor(
    readonly admin: Actor,
    readonly appId: string,
    readonly groupStages: Record<string, string>,
  ) {
    this.state = { memberships: [], groupRoles: [], directGrants: [], groupStages };
  }

  static async create(groupStages: Record<string, string>) {
    const admin = await adminActor();
    const app = await createApplication();
    const world = new World(admin, app.id, groupStages);
    world.ids.set("default", (await productionStage()).id);
    for (const slot of STAGES.slice(1)) world.ids.set(slot, (await createStage()).id);
    for (let i = 0; i < USERS; i++) world.ids.set(`u${i}`, (await createUser()).id);
    for (let i = 0; i < GROUPS; i++) await world.newGroup(`g${i}`);
    for (let i = 0; i < ROLES; i++) await world.newRole(`r${i}`);
    return world;
  }
  /** A group slot always gets a group in the same stage: a group's stage never changes. */
  async newGroup(slot: string) {
    const stageId = this.id(this.groupStages[slot] ?? "default");
    this.ids.set(slot, (await createGroupDal(this.admin, { name: unique(slot), stageId })).id);
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
        return addDirectGrants(a, id(change.userId), [id(change.roleId)], id(change.stageId ?? "default"));
      case "removeDirectGrant":
        try {
          return await removeDirectGrant(a, id(change.userId), id(change.roleId), id(change.stageId ?? "default"));
        } catch (error) {
          // Rule 4: an only-inherited role is refused with a pointer to the group.
          const grants = userGrantsFrom(this.state, change.userId, undefined, change.stageId);
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

  /** What the DAL says about one stage, translated back to slot names. */
  async observed(userSlot: string, stageSlot: string) {
    const slotOf = new Map([...this.ids].map(([slot, dbId]) => [dbId, slot]));
    const access = await loadUserAccess(this.id(userSlot));
    return access.roles
      .filter((r) => r.stageId === this.id(stageSlot))
      .map((r) => ({
        roleId: slotOf.get(r.roleId)!,
        direct: r.direct,
        groups: r.inheritedFrom.map((g) => slotOf.get(g.id)!).sort(),
      }))
      .sort((x, y) => x.roleId.localeCompare(y.roleId));
  }
  expected(userSlot: string, stageSlot: string) {
    return effectiveRoles(userGrantsFrom(this.state, userSlot, undefined, stageSlot))
      .map((r) => ({ roleId: r.roleId, direct: r.direct, groups: r.groups.map((g) => g.id).sort() }))
      .sort((x, y) => x.roleId.localeCompare(y.roleId));
  }
}

describe("rules through the DAL on PostgreSQL (property)", () => {
  it("effective roles with sources match the rules in every stage after every step", async () => {
    await fc.assert(
      fc.asyncProperty(
        groupStagesArb,
        fc.array(changeArb, { minLength: 1, maxLength: 12 }),
        async (stages, changes) => {
          const world = await World.create(stages);
          for (const change of changes) {
            await world.apply(change);
            world.state = applyChange(world.state, change);
            for (let u = 0; u < USERS; u++) {
              for (const stage of STAGES) {
                expect(await world.observed(`u${u}`, stage)).toEqual(world.expected(`u${u}`, stage));
              }
            }
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
