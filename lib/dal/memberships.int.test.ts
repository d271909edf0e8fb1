import { describe, expect, it } from "vitest";
import { db } from "./db";
import { loadUserAccess } from "./access";
import { addDirectGrants, removeDirectGrant } from "./grants";
import { addRolesToGroup, removeRoleFromGroup } from "./group-roles";
import {
  addMembers,
  addMembersByLogin,
  addUserToGroups,
  listMembers,
  previewRemoveMembers,
  removeMembers,
} from "./memberships";
import { adminActor, createGroup, createRole, createUser, plainActor, unique } from "@/lib/testing/factories";

const access = async (userId: string) =>
  Object.fromEntries(
    (await loadUserAccess(userId)).roles.map((r) => [
      r.roleId,
      { direct: r.direct, groups: r.inheritedFrom.map((g) => g.id) },
    ]),
  );

describe("memberships and grants DAL", () => {
  it("rule 1: a new member inherits the group's roles, and a new group role reaches every member", async () => {
    const admin = await adminActor();
    const [r1, r2, alice] = await Promise.all([createRole(), createRole(), createUser()]);
    const group = await createGroup({ roleIds: [r1.id] });
    const before = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
    expect(await addMembers(admin, group.id, [alice.id])).toEqual({
      added: [alice.username],
      alreadyMembers: [],
      unknown: [],
    });
    expect(await access(alice.id)).toEqual({ [r1.id]: { direct: false, groups: [group.id] } });
    await addRolesToGroup(admin, group.id, [r2.id]);
    expect(Object.keys(await access(alice.id)).sort()).toEqual([r1.id, r2.id].sort());
    const after = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion);
  });

  it("rule 3: a role held directly and through a group shows both sources; each removal leaves the other", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id] });
    await addDirectGrants(admin, alice.id, [role.id]);
    expect(await access(alice.id)).toEqual({ [role.id]: { direct: true, groups: [group.id] } });
    await removeDirectGrant(admin, alice.id, role.id);
    expect(await access(alice.id)).toEqual({ [role.id]: { direct: false, groups: [group.id] } });
    await addDirectGrants(admin, alice.id, [role.id]);
    await removeMembers(admin, group.id, [alice.id]);
    expect(await access(alice.id)).toEqual({ [role.id]: { direct: true, groups: [] } });
  });

  it("rule 4: an inherited role cannot be removed from the user; the message names the group", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id] });
    await expect(removeDirectGrant(admin, alice.id, role.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(group.name),
    });
    expect(Object.keys(await access(alice.id))).toEqual([role.id]);
  });

  it("rule 2: removing a role from a group keeps it for members who hold it another way", async () => {
    const admin = await adminActor();
    const [role, alice, bob] = await Promise.all([createRole(), createUser(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id, bob.id] });
    const other = await createGroup({ roleIds: [role.id], memberIds: [bob.id] });
    expect(await removeRoleFromGroup(admin, group.id, role.id)).toEqual({ removed: true, usersLosing: 1 });
    expect(await access(alice.id)).toEqual({});
    expect(await access(bob.id)).toEqual({ [role.id]: { direct: false, groups: [other.id] } });
  });

  it("adding twice or removing a non-member is harmless and says so", async () => {
    const admin = await adminActor();
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const group = await createGroup({ memberIds: [alice.id] });
    expect(await addMembers(admin, group.id, [alice.id, bob.id])).toEqual({
      added: [bob.username],
      alreadyMembers: [alice.username],
      unknown: [],
    });
    const outsider = await createUser();
    expect(await removeMembers(admin, group.id, [outsider.id])).toEqual({ removed: [], notMembers: 1 });
    expect(await db.auditEvent.count({ where: { targetId: group.id } })).toBe(1);
  });

  it("bulk add by pasted usernames and emails reports added, already members and unknown", async () => {
    const admin = await adminActor();
    const [alice, bob, carol] = await Promise.all([createUser(), createUser(), createUser()]);
    const group = await createGroup({ memberIds: [carol.id] });
    const text = `${alice.username.toUpperCase()}\n${bob.username}@example.test, ${carol.username}; nobody-${unique("x")}`;
    const result = await addMembersByLogin(admin, group.id, text);
    expect(result.added).toEqual([alice.username, bob.username].sort());
    expect(result.alreadyMembers).toEqual([carol.username]);
    expect(result.unknown).toHaveLength(1);
    await expect(addMembersByLogin(admin, group.id, "  \n ")).rejects.toMatchObject({ code: "INVALID" });
  });

  it("lists members with search and pagination in the database", async () => {
    const admin = await adminActor();
    const tag = unique("m");
    const users = await Promise.all(["c", "a", "b"].map((n) => createUser({ username: `${tag}-${n}` })));
    const group = await createGroup({ memberIds: users.map((u) => u.id) });
    const page = await listMembers(admin, group.id, { pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((m) => m.username)).toEqual([`${tag}-a`, `${tag}-b`]);
    expect((await listMembers(admin, group.id, { q: `${tag}-c` })).items.map((m) => m.username)).toEqual([`${tag}-c`]);
  });

  it("previews removing several members: who loses what, who keeps it", async () => {
    const admin = await adminActor();
    const [role, alice, bob] = await Promise.all([createRole(), createUser(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id, bob.id] });
    await createGroup({ roleIds: [role.id], memberIds: [bob.id] });
    const impact = await previewRemoveMembers(admin, group.id, [alice.id, bob.id]);
    expect(impact.usersLosing).toBe(1);
    expect(impact.keepers.map((k) => k.username)).toEqual([bob.username]);
  });

  it("the user's side: adds a user to several groups at once, atomically", async () => {
    const admin = await adminActor();
    const alice = await createUser();
    const [g1, g2] = await Promise.all([createGroup(), createGroup()]);
    const result = await addUserToGroups(admin, alice.id, [g1.id, g2.id]);
    expect(result.added.sort()).toEqual([g1.name, g2.name].sort());
    const bob = await createUser();
    await expect(addUserToGroups(admin, bob.id, [g1.id, "01900000-0000-7000-8000-000000000000"])).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    expect(await db.membership.count({ where: { userId: bob.id } })).toBe(0);
  });

  it("refuses membership and grant functions to actors without permission", async () => {
    const nobody = await plainActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const group = await createGroup();
    const calls = [
      (a: typeof nobody) => listMembers(a, group.id, {}),
      (a: typeof nobody) => addMembers(a, group.id, [alice.id]),
      (a: typeof nobody) => addMembersByLogin(a, group.id, alice.username),
      (a: typeof nobody) => removeMembers(a, group.id, [alice.id]),
      (a: typeof nobody) => previewRemoveMembers(a, group.id, [alice.id]),
      (a: typeof nobody) => addUserToGroups(a, alice.id, [group.id]),
      (a: typeof nobody) => addDirectGrants(a, alice.id, [role.id]),
      (a: typeof nobody) => removeDirectGrant(a, alice.id, role.id),
    ];
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(undefined as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("50 parallel adds and removes of the same memberships end consistent, one audit event per real change", async () => {
    const admin = await adminActor();
    const users = await Promise.all(Array.from({ length: 5 }, () => createUser()));
    const group = await createGroup();
    const ids = users.map((u) => u.id);
    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0 ? addMembers(admin, group.id, ids) : removeMembers(admin, group.id, ids),
    );
    const results = await Promise.all(calls);
    const adds = results.flatMap((r) => ("added" in r ? r.added : [])).length;
    const removes = results.flatMap((r) => ("removed" in r ? r.removed : [])).length;
    const events = await db.auditEvent.groupBy({ by: ["action"], where: { targetId: group.id }, _count: true });
    const count = (action: string) => events.find((e) => e.action === action)?._count ?? 0;
    expect(count("group.member_added")).toBe(adds);
    expect(count("group.member_removed")).toBe(removes);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(adds - removes);
  });
});
