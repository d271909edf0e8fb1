import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db } from "./db";
import { addMembers, addUserToGroups, removeMembers } from "./memberships";
import { adminActor, createGroup, createRole, createUser, resetDatabase, unique } from "@/lib/testing/factories";

/** Inserts n users in one statement (fast test data) and returns their ids. */
async function manyUsers(n: number): Promise<string[]> {
  const tag = unique("many");
  await db.$executeRaw`
    INSERT INTO "User" ("id", "username", "email", "displayName", "updatedAt")
    SELECT gen_random_uuid(), ${tag} || '-' || i, ${tag} || '-' || i || '@example.test', ${tag}, now()
    FROM generate_series(1, ${n}) AS i`;
  const rows = await db.user.findMany({ where: { displayName: tag }, select: { id: true } });
  return rows.map((row) => row.id);
}

describe("set-based member writes (issue 11)", () => {
  let admin: Actor;
  beforeEach(async () => {
    await resetDatabase();
    admin = await adminActor();
  });

  it("adds 10,000 members in one call, one audit row each; re-adding them changes nothing", async () => {
    const role = await createRole();
    const group = await createGroup({ roleIds: [role.id] });
    const ids = await manyUsers(10_000);

    const first = await addMembers(admin, group.id, ids);
    expect(first.added).toHaveLength(10_000);
    expect(first.alreadyMembers).toEqual([]);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(10_000);
    expect(await db.auditEvent.count({ where: { action: "group.member_added", targetId: group.id } })).toBe(10_000);
    const sample = await db.auditEvent.findFirstOrThrow({ where: { targetId: group.id, relatedId: ids[0] } });
    expect(sample).toMatchObject({ actorId: admin.id, targetType: "group", targetName: group.name });
    expect(sample.summary).toBe(`${admin.username} added ${sample.relatedName} to group ${group.name}`);

    const again = await addMembers(admin, group.id, ids);
    expect(again.added).toEqual([]);
    expect(again.alreadyMembers).toHaveLength(10_000);
    expect(await db.auditEvent.count({ where: { action: "group.member_added", targetId: group.id } })).toBe(10_000);

    const removed = await removeMembers(admin, group.id, ids);
    expect(removed.removed).toHaveLength(10_000);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "group.member_removed", targetId: group.id } })).toBe(10_000);
  });

  it("refuses more than 10,000 ids in one call", async () => {
    const group = await createGroup();
    const ids = Array.from({ length: 10_001 }, () => crypto.randomUUID());
    await expect(addMembers(admin, group.id, ids)).rejects.toMatchObject({ code: "INVALID" });
  });

  it("makes a provider-only membership manual when added by hand, audited as an addition", async () => {
    const role = await createRole();
    const group = await createGroup({ roleIds: [role.id] });
    const user = await createUser();
    const provider = await db.identityProvider.create({
      data: { key: unique("idp"), name: "SSO", issuer: "https://x.test", clientId: "c", clientSecret: "s" },
    });
    await db.membership.create({
      data: { groupId: group.id, userId: user.id, manual: false, providerId: provider.id },
    });
    const result = await addMembers(admin, group.id, [user.id]);
    expect(result.added).toEqual([user.username]);
    expect(await db.membership.findFirstOrThrow({ where: { groupId: group.id, userId: user.id } })).toMatchObject({
      manual: true,
      providerId: provider.id,
      createdById: admin.id,
    });
  });

  it("adds one user to several groups in one statement, reporting those they were already in", async () => {
    const role = await createRole();
    const user = await createUser();
    const groups = await Promise.all([1, 2, 3].map((i) => createGroup({ name: unique(`g${i}`), roleIds: [role.id] })));
    await db.membership.create({ data: { groupId: groups[0]!.id, userId: user.id } });
    const result = await addUserToGroups(
      admin,
      user.id,
      groups.map((g) => g.id),
    );
    expect(result.added).toEqual([groups[1]!.name, groups[2]!.name].sort());
    expect(result.alreadyMember).toEqual([groups[0]!.name]);
    expect(await db.auditEvent.count({ where: { action: "group.member_added", relatedId: user.id } })).toBe(2);
    await expect(addUserToGroups(admin, user.id, [crypto.randomUUID()])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
