import { describe, expect, it } from "vitest";
import {
  adminActor,
  adminRole,
  createApiToken,
  createGroup,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  unique,
} from "@/lib/testing/factories";
import { db } from "./db";
import { isAppError } from "./errors";
import { deleteUser, previewDeleteUser } from "./user-deletion";

async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("deleting users", () => {
  it("previews, then removes the user, memberships, grants and tokens in one audited transaction", async () => {
    const admin = await adminActor();
    const user = await createUser();
    const [r1, r2] = [await createRole(), await createRole()];
    const group = await createGroup({ roleIds: [r1.id], memberIds: [user.id], name: unique("Sales") });
    await grantDirect(user.id, r1.id);
    await grantDirect(user.id, r2.id);
    await db.auditEvent.create({
      data: {
        actorName: user.username,
        action: "user.updated",
        targetType: "user",
        targetId: user.id,
        targetName: user.username,
        summary: "before",
      },
    });

    const impact = await previewDeleteUser(admin, user.id);
    expect(impact).toMatchObject({ username: user.username, groupCount: 1, roleCount: 2, directGrantCount: 2 });
    expect(impact.groups).toEqual([{ id: group.id, name: group.name }]);
    expect(impact.roles.find((r) => r.roleName === r1.name)?.via).toEqual(["direct", group.name]);
    expect(impact).toMatchObject({ isSelf: false, removesLastAdmin: false });

    expect(await deleteUser(admin, user.id)).toEqual({ username: user.username });
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.directGrant.count({ where: { userId: user.id } })).toBe(0);
    const events = await db.auditEvent.findMany({
      where: { OR: [{ targetId: user.id }, { relatedId: user.id }] },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["user.updated", "user.deleted", "group.member_removed"]);
    expect(events.every((e) => e.targetName === user.username || e.relatedName === user.username)).toBe(true);
    expect(events[1]?.before).toMatchObject({ username: user.username, groups: [group.name] });
  });

  it("deletes the tokens the user created", async () => {
    const admin = await adminActor();
    const other = await adminActor();
    const { id } = await createApiToken(other, ["users:read"]);
    expect((await previewDeleteUser(admin, other.id)).activeTokenCount).toBe(1);
    await deleteUser(admin, other.id);
    expect(await db.apiToken.count({ where: { id } })).toBe(0);
  });

  it("refuses one's own account and actors without users:write; the preview flags the last administrator", async () => {
    const admin = await adminActor();
    const role = await adminRole();
    // Everyone else loses the Administrator role for a moment: admin is the last one.
    const others = await db.directGrant.findMany({ where: { roleId: role.id, NOT: { userId: admin.id } } });
    const groupRoles = await db.groupRole.findMany({ where: { roleId: role.id } });
    await db.directGrant.deleteMany({ where: { roleId: role.id, NOT: { userId: admin.id } } });
    await db.groupRole.deleteMany({ where: { roleId: role.id } });
    try {
      expect((await previewDeleteUser(admin, admin.id)).removesLastAdmin).toBe(true);
      expect((await previewDeleteUser(admin, admin.id)).isSelf).toBe(true);
      expect((await refusal(deleteUser(admin, admin.id))).message).toMatch(/own account/);
      // With a second administrator, either may delete the other.
      const second = await adminActor();
      expect((await previewDeleteUser(second, admin.id)).removesLastAdmin).toBe(false);
      await deleteUser(second, admin.id);
      expect(await db.user.count({ where: { id: admin.id } })).toBe(0);
    } finally {
      await db.directGrant.createMany({ data: others, skipDuplicates: true });
      await db.groupRole.createMany({ data: groupRoles, skipDuplicates: true });
    }
    const victim = await createUser();
    expect((await refusal(deleteUser(await plainActor(), victim.id))).code).toBe("FORBIDDEN");
    const ghost = await adminActor();
    expect((await refusal(deleteUser(ghost, "00000000-0000-4000-8000-000000000000"))).code).toBe("NOT_FOUND");
  });
});
