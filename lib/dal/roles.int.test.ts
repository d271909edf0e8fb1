import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { loadUserAccess } from "./access";
import * as apps from "./applications";
import { db } from "./db";
import { createRole, deleteRole, getRole, listRoles, previewDeleteRole, searchRoles, updateRole } from "./roles";
import {
  adminActor,
  adminRole,
  createApplication as makeApp,
  createGroup,
  createRole as makeRole,
  createUser,
  grantDirect,
  plainActor,
  portalApplication,
  unique,
} from "@/lib/testing/factories";

const MISSING = "01900000-0000-7000-8000-000000000000";
const roleIdsOf = async (userId: string) => (await loadUserAccess(userId)).roles.map((r) => r.roleId);
const actionsOn = async (id: string) =>
  (await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } })).map((e) => e.action);

describe("applications DAL", () => {
  it("creates, reads, renames (not re-keys) and lists applications, audited", async () => {
    const admin = await adminActor();
    const key = unique("billing");
    const { id } = await apps.createApplication(admin, { key: ` ${key.toUpperCase()} `, name: "Billing" });
    expect(await apps.getApplication(admin, id)).toEqual({
      id,
      key,
      name: "Billing",
      description: "",
      builtIn: false,
      roleCount: 0,
    });
    await apps.updateApplication(admin, id, { name: `Billing ${key}`, description: "Invoices" });
    await apps.updateApplication(admin, id, { name: `Billing ${key}`, description: "Invoices" });
    await expect(apps.updateApplication(admin, id, { name: "X", key: "other" })).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await apps.getApplication(admin, id)).toMatchObject({
      key,
      name: `Billing ${key}`,
      description: "Invoices",
    });
    expect(await actionsOn(id)).toEqual(["application.created", "application.updated"]);
    const list = await apps.listApplications(admin, { q: key.toUpperCase() });
    expect(list.items.map((a) => a.id)).toEqual([id]);
    await portalApplication();
    expect((await apps.listApplications(admin, { pageSize: 1 })).items[0]).toMatchObject({
      key: "gatehouse",
      builtIn: true,
    });
  });

  it("rejects a taken key on the key field and bad input, writing nothing", async () => {
    const admin = await adminActor();
    const existing = await makeApp();
    const before = await db.application.count();
    await expect(apps.createApplication(admin, { key: existing.key, name: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { key: `An application with the key ${existing.key} already exists.` },
    });
    await expect(apps.createApplication(admin, { key: "Bad Key!", name: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { key: expect.any(String), name: expect.any(String) },
    });
    await expect(apps.updateApplication(admin, existing.id, { name: " " })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: expect.any(String) },
    });
    expect(await db.application.count()).toBe(before);
    expect(await apps.getApplication(admin, existing.id)).toMatchObject({ name: existing.name });
    expect(await db.auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("deleting an application removes its roles and everyone's access through them; the preview counts it", async () => {
    const admin = await adminActor();
    const app = await makeApp();
    const [r1, r2, alice, bob] = await Promise.all([makeRole(app.id), makeRole(app.id), createUser(), createUser()]);
    const group = await createGroup({ roleIds: [r1.id], memberIds: [alice.id, bob.id] });
    await grantDirect(bob.id, r2.id);
    expect(await apps.previewDeleteApplication(admin, app.id)).toEqual({
      usersLosing: 2,
      groups: [{ id: group.id, name: group.name, memberCount: 2 }],
      directHolders: 1,
      removesLastAdmin: false,
    });
    expect(await apps.deleteApplication(admin, app.id)).toEqual({ name: app.name });
    await expect(apps.getApplication(admin, app.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.role.count({ where: { id: { in: [r1.id, r2.id] } } })).toBe(0);
    expect([...(await roleIdsOf(alice.id)), ...(await roleIdsOf(bob.id))]).toEqual([]);
    expect(await db.groupRole.count({ where: { groupId: group.id } })).toBe(0);
    expect(await actionsOn(app.id)).toEqual(["application.deleted"]);
  });

  it("the built-in gatehouse application cannot be deleted", async () => {
    const admin = await adminActor();
    const portal = await portalApplication();
    await expect(apps.previewDeleteApplication(admin, portal.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(apps.deleteApplication(admin, portal.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("built in"),
    });
    expect(await db.role.count({ where: { id: (await adminRole()).id } })).toBe(1);
    expect(await actionsOn(portal.id)).toEqual([]);
  });
});

describe("roles DAL", () => {
  it("creates a role in an application, reads, renames and lists it, audited; keys are per application", async () => {
    const admin = await adminActor();
    const [app, other] = await Promise.all([makeApp(), makeApp()]);
    const { id } = await createRole(admin, { applicationId: app.id, key: "Viewer", name: "Viewer" });
    await createRole(admin, { applicationId: other.id, key: "viewer", name: "Viewer" });
    expect(await getRole(admin, id)).toMatchObject({
      key: "viewer",
      applicationKey: app.key,
      builtIn: false,
      groupCount: 0,
      directCount: 0,
    });
    await updateRole(admin, id, { name: "Read only", description: "Sees" });
    await updateRole(admin, id, { name: "Read only", description: "Sees" });
    expect(await getRole(admin, id)).toMatchObject({ key: "viewer", name: "Read only", description: "Sees" });
    expect(await actionsOn(id)).toEqual(["role.created", "role.updated"]);
    expect((await listRoles(admin, { applicationId: app.id })).items.map((r) => r.id)).toEqual([id]);
    expect((await listRoles(admin, { q: app.key })).total).toBe(1);
    expect((await searchRoles(admin, other.key)).map((r) => [r.applicationKey, r.key])).toEqual([
      [other.key, "viewer"],
    ]);
    // A search that cannot run (too long, control characters) lists as if there were none; the search box says why.
    expect((await listRoles(admin, { q: "x".repeat(101) })).total).toBe((await listRoles(admin, {})).total);
  });

  it("refuses a duplicate key on the key field, built-in applications, and bad input, writing nothing", async () => {
    const admin = await adminActor();
    const app = await makeApp();
    const role = await makeRole(app.id);
    const portal = await portalApplication();
    const before = await db.role.count();
    await expect(
      createRole(admin, { applicationId: app.id, key: role.key.toUpperCase(), name: "Dup" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { key: `This application already has a role with the key ${role.key}.` },
    });
    await expect(
      createRole(admin, { applicationId: portal.id, key: unique("sneaky"), name: "S" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createRole(admin, { applicationId: MISSING, key: "k", name: "K" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { applicationId: expect.any(String) },
    });
    await expect(createRole(admin, { applicationId: "x", key: "-bad", name: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { applicationId: expect.any(String), key: expect.any(String), name: expect.any(String) },
    });
    await expect(updateRole(admin, role.id, { name: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: expect.any(String) },
    });
    expect(await db.role.count()).toBe(before);
    expect((await getRole(admin, role.id)).name).toBe(role.name);
    expect(await db.auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("rule 7: a deleted role's grants are gone, and a new role with the same key starts empty", async () => {
    const admin = await adminActor();
    const app = await makeApp();
    const [role, alice, bob] = await Promise.all([makeRole(app.id, "editor"), createUser(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id] });
    await grantDirect(bob.id, role.id);
    expect(await getRole(admin, role.id)).toMatchObject({ groupCount: 1, directCount: 1 });
    expect(await previewDeleteRole(admin, role.id)).toEqual({
      usersLosing: 2,
      groups: [{ id: group.id, name: group.name, memberCount: 1 }],
      directHolders: 1,
      removesLastAdmin: false,
    });
    const v0 = (await db.user.findUniqueOrThrow({ where: { id: alice.id } })).accessVersion;
    expect(await deleteRole(admin, role.id)).toEqual({ name: role.name });
    expect(await actionsOn(role.id)).toEqual(["role.deleted"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).accessVersion).toBe(v0 + 1);
    const again = await createRole(admin, { applicationId: app.id, key: "editor", name: "Editor" });
    expect(await getRole(admin, again.id)).toMatchObject({ key: "editor", groupCount: 0, directCount: 0 });
    expect([...(await roleIdsOf(alice.id)), ...(await roleIdsOf(bob.id))]).toEqual([]);
    expect(await db.groupRole.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("the built-in roles of gatehouse cannot be deleted", async () => {
    const admin = await adminActor();
    const role = await adminRole();
    await expect(previewDeleteRole(admin, role.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(deleteRole(admin, role.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("built in"),
    });
    expect(await roleIdsOf(admin.id)).toEqual([role.id]);
    expect(await actionsOn(role.id)).toEqual([]);
  });

  it("unknown or malformed ids read as not found", async () => {
    const admin = await adminActor();
    for (const id of ["not-an-id", MISSING]) {
      await expect(getRole(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(updateRole(admin, id, { name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(previewDeleteRole(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(deleteRole(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(apps.getApplication(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(apps.updateApplication(admin, id, { name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(apps.previewDeleteApplication(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(apps.deleteApplication(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("refuses every role and application function to a user without permissions and to no actor", async () => {
    await adminActor();
    const nobody = await plainActor();
    const app = await makeApp();
    const role = await makeRole(app.id);
    const calls = [
      (a: Actor) => listRoles(a, {}),
      (a: Actor) => searchRoles(a, ""),
      (a: Actor) => getRole(a, role.id),
      (a: Actor) => createRole(a, { applicationId: app.id, key: unique("k"), name: "K" }),
      (a: Actor) => updateRole(a, role.id, { name: "Hacked" }),
      (a: Actor) => previewDeleteRole(a, role.id),
      (a: Actor) => deleteRole(a, role.id),
      (a: Actor) => apps.listApplications(a, {}),
      (a: Actor) => apps.getApplication(a, app.id),
      (a: Actor) => apps.createApplication(a, { key: unique("k"), name: "K" }),
      (a: Actor) => apps.updateApplication(a, app.id, { name: "Hacked" }),
      (a: Actor) => apps.previewDeleteApplication(a, app.id),
      (a: Actor) => apps.deleteApplication(a, app.id),
    ];
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await db.role.findMany({ where: { applicationId: app.id }, select: { id: true, name: true } })).toEqual([
      { id: role.id, name: role.name },
    ]);
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).name).toBe(app.name);
    expect(await db.auditEvent.count({ where: { actorId: nobody.id } })).toBe(0);
  });
});
