import { describe, expect, it } from "vitest";
import { db } from "./db";
import { createGroup, deleteGroup, getGroup, listGroups, previewDeleteGroup, updateGroup } from "./groups";
import { addRolesToGroup, removeRoleFromGroup } from "./group-roles";
import { loadUserAccess } from "./access";
import {
  adminActor,
  createGroup as makeGroup,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  unique,
} from "@/lib/testing/factories";

const roleIdsOf = async (userId: string) => (await loadUserAccess(userId)).roles.map((r) => r.roleId).sort();

describe("groups DAL", () => {
  it("creates a group with roles and members in one step, audited", async () => {
    const admin = await adminActor();
    const [role1, role2, alice, bob] = await Promise.all([createRole(), createRole(), createUser(), createUser()]);
    const name = unique("Marketing");
    const { id } = await createGroup(admin, { name, roleIds: [role1.id, role2.id], memberIds: [alice.id, bob.id] });
    const group = await getGroup(admin, id);
    expect(group.memberCount).toBe(2);
    expect(group.roles.map((r) => r.id).sort()).toEqual([role1.id, role2.id].sort());
    expect(await roleIdsOf(alice.id)).toEqual([role1.id, role2.id].sort());
    const events = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual([
      "group.created",
      "group.role_added",
      "group.role_added",
      "group.member_added",
      "group.member_added",
    ]);
    expect(events.every((e) => e.actorId === admin.id)).toBe(true);
  });

  it("refuses a duplicate name, case-insensitively, with a readable message on the field", async () => {
    const admin = await adminActor();
    const name = unique("Finance");
    await createGroup(admin, { name });
    await expect(createGroup(admin, { name: name.toUpperCase() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `A group named ${name.toUpperCase()} already exists.`,
      fieldErrors: { name: expect.any(String) },
    });
  });

  it("rejects bad input without writing anything", async () => {
    const admin = await adminActor();
    const before = await db.group.count();
    await expect(createGroup(admin, { name: "   " })).rejects.toMatchObject({ code: "INVALID" });
    await expect(createGroup(admin, { name: "x".repeat(81) })).rejects.toMatchObject({ code: "INVALID" });
    await expect(createGroup(admin, { name: "ok", extra: 1 })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db.group.count()).toBe(before);
  });

  it("a failing step inside a bulk create leaves nothing half-done", async () => {
    const admin = await adminActor();
    const user = await createUser();
    const name = unique("Half");
    const missingRole = "01900000-0000-7000-8000-000000000000";
    await expect(createGroup(admin, { name, memberIds: [user.id], roleIds: [missingRole] })).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await db.group.count({ where: { name } })).toBe(0);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetName: name } })).toBe(0);
  });

  it("refuses every group function to a user without permissions and to no actor", async () => {
    const admin = await adminActor();
    const nobody = await plainActor();
    const group = await makeGroup();
    const role = await createRole();
    const calls = [
      (a: typeof nobody) => listGroups(a, {}),
      (a: typeof nobody) => getGroup(a, group.id),
      (a: typeof nobody) => createGroup(a, { name: unique("g") }),
      (a: typeof nobody) => updateGroup(a, group.id, { name: unique("g") }),
      (a: typeof nobody) => previewDeleteGroup(a, group.id),
      (a: typeof nobody) => deleteGroup(a, group.id),
      (a: typeof nobody) => addRolesToGroup(a, group.id, [role.id]),
      (a: typeof nobody) => removeRoleFromGroup(a, group.id, role.id),
    ];
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect((await getGroup(admin, group.id)).name).toBe(group.name);
  });

  it("unknown or malformed ids read as not found", async () => {
    const admin = await adminActor();
    await expect(getGroup(admin, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getGroup(admin, "01900000-0000-7000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteGroup(admin, '\'; DROP TABLE "User"; --')).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists with server-side search, sort and pagination", async () => {
    const admin = await adminActor();
    const tag = unique("zz-list");
    for (const n of ["c", "a", "b"]) await createGroup(admin, { name: `${tag}-${n}` });
    const page1 = await listGroups(admin, { q: tag, pageSize: 2 });
    expect(page1.total).toBe(3);
    expect(page1.items.map((g) => g.name)).toEqual([`${tag}-a`, `${tag}-b`]);
    const page2 = await listGroups(admin, { q: tag, pageSize: 2, page: page1.next! });
    expect(page2.items.map((g) => g.name)).toEqual([`${tag}-c`]);
    const desc = await listGroups(admin, { q: tag.toUpperCase(), sort: "-name" });
    expect(desc.items.map((g) => g.name)).toEqual([`${tag}-c`, `${tag}-b`, `${tag}-a`]);
    expect((await listGroups(admin, { q: "100%_" })).total).toBe(0);
  });

  it("rule 2 and 6: deleting a group revokes only what came through it, and the preview says who keeps what", async () => {
    const admin = await adminActor();
    const [viewer, editor, alice, bob] = await Promise.all([createRole(), createRole(), createUser(), createUser()]);
    const group = await makeGroup({ roleIds: [viewer.id, editor.id], memberIds: [alice.id, bob.id] });
    await grantDirect(bob.id, viewer.id);
    await makeGroup({ roleIds: [editor.id], memberIds: [alice.id] });
    const impact = await previewDeleteGroup(admin, group.id);
    expect(impact.usersLosing).toBe(2);
    const byRole = Object.fromEntries(impact.roles.map((r) => [r.roleId, [r.losing, r.keeping]]));
    expect(byRole[viewer.id]).toEqual([1, 1]);
    expect(byRole[editor.id]).toEqual([1, 1]);
    expect(impact.keepers).toHaveLength(2);
    await deleteGroup(admin, group.id);
    expect(await roleIdsOf(alice.id)).toEqual([editor.id]);
    expect(await roleIdsOf(bob.id)).toEqual([viewer.id]);
  });

  it("rule 7: a new group with a deleted group's name starts empty", async () => {
    const admin = await adminActor();
    const [role, user] = await Promise.all([createRole(), createUser()]);
    const name = unique("Reborn");
    const { id } = await createGroup(admin, { name, roleIds: [role.id], memberIds: [user.id] });
    await deleteGroup(admin, id);
    const again = await createGroup(admin, { name });
    const group = await getGroup(admin, again.id);
    expect(group.memberCount).toBe(0);
    expect(group.roles).toEqual([]);
    expect(await roleIdsOf(user.id)).toEqual([]);
  });

  it("renames, with conflicts reported on the name field and no-op saves not audited", async () => {
    const admin = await adminActor();
    const a = await makeGroup();
    const b = await makeGroup();
    await expect(updateGroup(admin, a.id, { name: b.name })).rejects.toMatchObject({ code: "CONFLICT" });
    const newName = unique("Renamed");
    await updateGroup(admin, a.id, { name: newName, description: "New" });
    await updateGroup(admin, a.id, { name: newName, description: "New" });
    expect((await getGroup(admin, a.id)).name).toBe(newName);
    expect(await db.auditEvent.count({ where: { targetId: a.id, action: "group.updated" } })).toBe(1);
  });
});
