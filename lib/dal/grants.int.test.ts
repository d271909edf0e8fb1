import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { loadUserAccess } from "./access";
import { db } from "./db";
import { addDirectGrants, removeDirectGrant } from "./grants";
import {
  adminActor,
  createGroup,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  unique,
} from "@/lib/testing/factories";

const MISSING = "01900000-0000-7000-8000-000000000000";
const access = async (userId: string) =>
  Object.fromEntries(
    (await loadUserAccess(userId)).roles.map((r) => [
      r.roleId,
      { direct: r.direct, groups: r.inheritedFrom.map((g) => g.name) },
    ]),
  );
const events = (userId: string) =>
  db.auditEvent.findMany({
    where: { targetId: userId },
    orderBy: { id: "asc" },
    select: { action: true, relatedId: true, actorId: true },
  });

describe("direct grants DAL", () => {
  it("grants roles directly, audited per role, and reports roles already granted", async () => {
    const admin = await adminActor();
    const [r1, r2, alice] = await Promise.all([createRole(), createRole(), createUser()]);
    expect(await addDirectGrants(admin, alice.id, [r1.id, r2.id, r1.id])).toEqual({
      added: expect.arrayContaining([r1.name, r2.name]),
      alreadyGranted: [],
    });
    expect(await access(alice.id)).toEqual({
      [r1.id]: { direct: true, groups: [] },
      [r2.id]: { direct: true, groups: [] },
    });
    expect((await events(alice.id)).map((e) => [e.action, e.relatedId, e.actorId]).sort()).toEqual(
      [
        ["user.role_granted", r1.id, admin.id],
        ["user.role_granted", r2.id, admin.id],
      ].sort(),
    );
    expect(await addDirectGrants(admin, alice.id, [r1.id])).toEqual({ added: [], alreadyGranted: [r1.name] });
    expect(await events(alice.id)).toHaveLength(2);
  });

  it("a grant of several roles where one does not exist changes nothing", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    await expect(addDirectGrants(admin, alice.id, [role.id, MISSING])).rejects.toMatchObject({ code: "INVALID" });
    expect(await access(alice.id)).toEqual({});
    expect(await events(alice.id)).toEqual([]);
  });

  it("rejects bad role lists with field errors and unknown users as not found, writing nothing", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    await expect(addDirectGrants(admin, alice.id, [])).rejects.toMatchObject({
      code: "INVALID",
      message: "Pick at least one role.",
      fieldErrors: { form: "Pick at least one role." },
    });
    await expect(addDirectGrants(admin, alice.id, ["x"])).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { "0": expect.any(String) },
    });
    await expect(addDirectGrants(admin, alice.id, role.id)).rejects.toMatchObject({ code: "INVALID" });
    await expect(addDirectGrants(admin, "not-an-id", [role.id])).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addDirectGrants(admin, MISSING, [role.id])).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.directGrant.count({ where: { roleId: role.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { relatedId: role.id } })).toBe(0);
  });

  it("removes a direct grant, audited; removing one that is not there is a harmless no-op", async () => {
    const admin = await adminActor();
    const [role, other, alice] = await Promise.all([createRole(), createRole(), createUser()]);
    await grantDirect(alice.id, role.id);
    await grantDirect(alice.id, other.id);
    expect(await removeDirectGrant(admin, alice.id, role.id)).toEqual({ removed: true, stillInheritedFrom: [] });
    expect(await access(alice.id)).toEqual({ [other.id]: { direct: true, groups: [] } });
    expect(await events(alice.id)).toEqual([{ action: "user.role_revoked", relatedId: role.id, actorId: admin.id }]);
    expect(await removeDirectGrant(admin, alice.id, role.id)).toEqual({ removed: false, stillInheritedFrom: [] });
    expect(await events(alice.id)).toHaveLength(1);
  });

  it("rule 3: removing the direct grant of a role also inherited keeps it, and says from where", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const group = await createGroup({ roleIds: [role.id], memberIds: [alice.id] });
    await grantDirect(alice.id, role.id);
    expect(await removeDirectGrant(admin, alice.id, role.id)).toEqual({
      removed: true,
      stillInheritedFrom: [group.name],
    });
    expect(await access(alice.id)).toEqual({ [role.id]: { direct: false, groups: [group.name] } });
    expect((await events(alice.id)).map((e) => e.action)).toEqual(["user.role_revoked"]);
  });

  it("rule 4: a role only inherited cannot be removed from the user; the message names every group", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const g1 = await createGroup({ name: unique("B-Sales"), roleIds: [role.id], memberIds: [alice.id] });
    const g2 = await createGroup({ name: unique("A-Ops"), roleIds: [role.id], memberIds: [alice.id] });
    const error = await removeDirectGrant(admin, alice.id, role.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining(`from ${g2.name}, ${g1.name}.`) });
    expect(await access(alice.id)).toEqual({ [role.id]: { direct: false, groups: [g2.name, g1.name] } });
    expect(await db.membership.count({ where: { userId: alice.id } })).toBe(2);
    expect(await events(alice.id)).toEqual([]);
  });

  it("unknown or malformed user and role ids read as not found", async () => {
    const admin = await adminActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    await grantDirect(alice.id, role.id);
    for (const [userId, roleId] of [
      [alice.id, "not-an-id"],
      [alice.id, MISSING],
      ["not-an-id", role.id],
      [MISSING, role.id],
    ] as const) {
      await expect(removeDirectGrant(admin, userId, roleId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(Object.keys(await access(alice.id))).toEqual([role.id]);
  });

  it("refuses both functions to a user without permissions and to no actor, changing nothing", async () => {
    await adminActor();
    const nobody = await plainActor();
    const [role, alice] = await Promise.all([createRole(), createUser()]);
    const [held, heldUser] = await Promise.all([createRole(), createUser()]);
    await grantDirect(heldUser.id, held.id);
    const calls = [
      (a: Actor) => addDirectGrants(a, alice.id, [role.id]),
      (a: Actor) => removeDirectGrant(a, heldUser.id, held.id),
    ];
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await access(alice.id)).toEqual({});
    expect(await access(heldUser.id)).toEqual({ [held.id]: { direct: true, groups: [] } });
    expect(await db.auditEvent.count({ where: { actorId: nobody.id } })).toBe(0);
  });
});
