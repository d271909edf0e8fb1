import { beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { PORTAL_ROLE_PERMISSIONS, type Permission } from "@/lib/access/permissions";
import type { Actor } from "./actor";
import { db } from "./db";
import { addDirectGrants, removeDirectGrant } from "./grants";
import { addRolesToGroup, removeRoleFromGroup } from "./group-roles";
import { createGroup as createGroupDal, deleteGroup } from "./groups";
import { unlinkIdentity } from "./identity-links";
import { deleteProvider } from "./identity-providers";
import { addMembers, removeMembers } from "./memberships";
import { setUserStatus } from "./users";
import {
  actorFor,
  adminRole,
  createGroup,
  createRole,
  createUser,
  portalApplication,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";

/** Rule 8: the portal never lets the last administrator lose gatehouse:admin, by any path. */
describe("last administrator guard", () => {
  let admin: Actor;
  let adminsGroup: { id: string; name: string };
  let adminRoleId: string;

  beforeEach(async () => {
    await resetDatabase();
    adminRoleId = (await adminRole()).id;
    const user = await createUser({ username: unique("root") });
    adminsGroup = await createGroup({ name: "Administrators", roleIds: [adminRoleId], memberIds: [user.id] });
    admin = await actorFor(user.id);
  });

  const lastAdmin = { code: "CONFLICT", message: expect.stringContaining("without an administrator") };

  it("refuses removing the last administrator from the group", async () => {
    await expect(removeMembers(admin, adminsGroup.id, [admin.id])).rejects.toMatchObject(lastAdmin);
  });
  it("refuses removing the admin role from the only admin group", async () => {
    await expect(removeRoleFromGroup(admin, adminsGroup.id, adminRoleId)).rejects.toMatchObject(lastAdmin);
  });
  it("refuses deleting the only admin group", async () => {
    await expect(deleteGroup(admin, adminsGroup.id)).rejects.toMatchObject(lastAdmin);
  });
  it("refuses disabling the last administrator", async () => {
    await expect(setUserStatus(admin, admin.id, "DISABLED")).rejects.toMatchObject(lastAdmin);
  });
  it("refuses removing the last direct admin grant", async () => {
    await addDirectGrants(admin, admin.id, [adminRoleId]);
    await removeMembers(admin, adminsGroup.id, [admin.id]);
    const direct = await actorFor(admin.id);
    await expect(removeDirectGrant(direct, admin.id, adminRoleId)).rejects.toMatchObject(lastAdmin);
  });
  it("refuses unlinking the identity, or deleting the provider, that alone makes the last administrator one", async () => {
    const provider = await db.identityProvider.create({
      data: { key: unique("idp"), name: "SSO", issuer: "https://x.test", clientId: "c", clientSecret: "s" },
    });
    await db.externalIdentity.create({ data: { providerId: provider.id, subject: "root", userId: admin.id } });
    // The membership that makes them an administrator is asserted by the provider only.
    await db.membership.update({
      where: { groupId_userId: { groupId: adminsGroup.id, userId: admin.id } },
      data: { manual: false, providerId: provider.id },
    });
    await expect(unlinkIdentity(admin, admin.id, provider.id, "root")).rejects.toMatchObject(lastAdmin);
    await expect(deleteProvider(admin, provider.id)).rejects.toMatchObject(lastAdmin);
    expect(await db.membership.count({ where: { groupId: adminsGroup.id, providerId: provider.id } })).toBe(1);
    expect(await db.externalIdentity.count({ where: { userId: admin.id } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(0);
  });
  it("nothing changes when the guard refuses", async () => {
    await expect(removeMembers(admin, adminsGroup.id, [admin.id])).rejects.toThrow();
    expect(await db.membership.count({ where: { groupId: adminsGroup.id } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(0);
  });
  it("allows it once someone else is an administrator", async () => {
    const other = await createUser();
    await addMembers(admin, adminsGroup.id, [other.id]);
    await removeMembers(admin, adminsGroup.id, [admin.id]);
    expect(await db.membership.count({ where: { groupId: adminsGroup.id } })).toBe(1);
  });
  it("a disabled administrator does not count", async () => {
    const other = await createUser({ status: "DISABLED" });
    await addMembers(admin, adminsGroup.id, [other.id]);
    await expect(removeMembers(admin, adminsGroup.id, [admin.id])).rejects.toMatchObject(lastAdmin);
  });
  it("two administrators removing each other at the same time: exactly one succeeds", async () => {
    const otherUser = await createUser();
    await addMembers(admin, adminsGroup.id, [otherUser.id]);
    const other = await actorFor(otherUser.id);
    const results = await Promise.allSettled([
      removeMembers(admin, adminsGroup.id, [other.id]),
      removeMembers(other, adminsGroup.id, [admin.id]),
      setUserStatus(admin, other.id, "DISABLED"),
      setUserStatus(other, admin.id, "DISABLED"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    const remaining = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
      WHERE m."groupId" = ${adminsGroup.id}::uuid AND u."status" = 'ACTIVE'`;
    expect(Number(remaining[0]?.n)).toBe(1);
  });
});

describe("granting what you hold", () => {
  it("a non-administrator with grant permissions can only grant roles they hold themselves", async () => {
    const [held, notHeld] = await Promise.all([createRole(), createRole()]);
    const managerUser = await createUser();
    // A narrower portal role (a group manager) granting exactly these permissions. It is a real
    // role held through a group: writes re-read the actor's permissions from the database.
    const catalogue = PORTAL_ROLE_PERMISSIONS as Record<string, readonly Permission[]>;
    catalogue["group-manager-test"] = ["grants:write", "members:write", "groups:write"];
    onTestFinished(() => void delete catalogue["group-manager-test"]);
    const managerRole = await createRole((await portalApplication()).id, "group-manager-test");
    await createGroup({ roleIds: [held.id, managerRole.id], memberIds: [managerUser.id] });
    const manager: Actor = await actorFor(managerUser.id);
    expect(manager.isAdmin).toBe(false);
    const alice = await createUser();
    await expect(addDirectGrants(manager, alice.id, [notHeld.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addDirectGrants(manager, alice.id, [held.id])).resolves.toMatchObject({ added: [held.name] });
    const group = await createGroup({ roleIds: [notHeld.id] });
    await expect(addRolesToGroup(manager, group.id, [notHeld.id, held.id])).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // Adding someone to a group grants the group's roles: refused too.
    await expect(addMembers(manager, group.id, [alice.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createGroupDal(manager, { name: unique("g"), roleIds: [notHeld.id] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.membership.count({ where: { userId: alice.id } })).toBe(0);
  });
});
