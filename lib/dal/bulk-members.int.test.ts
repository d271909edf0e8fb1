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

/**
 * How many INSERT and DELETE statements ran on Membership and AuditEvent while `work` ran, counted
 * by statement-level triggers: a set-based write runs one per table whatever the number of rows, a
 * loop runs one per row.
 */
async function statementsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "_StatementCount" ("what" text NOT NULL)`);
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION "_count_statement"() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN INSERT INTO "_StatementCount" VALUES (TG_OP || ' ' || TG_TABLE_NAME); RETURN NULL; END $$`);
  const tables = ["Membership", "AuditEvent"];
  for (const table of tables)
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE TRIGGER "_count_statement" AFTER INSERT OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "_count_statement"()`,
    );
  try {
    await db.$executeRawUnsafe(`TRUNCATE "_StatementCount"`);
    await work();
    const rows = await db.$queryRawUnsafe<{ what: string; n: bigint }[]>(
      `SELECT "what", count(*) AS n FROM "_StatementCount" GROUP BY "what"`,
    );
    return Object.fromEntries(rows.map((row) => [row.what, Number(row.n)]));
  } finally {
    for (const table of tables) await db.$executeRawUnsafe(`DROP TRIGGER "_count_statement" ON "${table}"`);
  }
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

    let first!: Awaited<ReturnType<typeof addMembers>>;
    // One INSERT for the memberships and one for their audit rows, not 10,000 of each.
    expect(await statementsDuring(async () => (first = await addMembers(admin, group.id, ids)))).toEqual({
      "INSERT Membership": 1,
      "INSERT AuditEvent": 1,
    });
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

    let removed!: Awaited<ReturnType<typeof removeMembers>>;
    expect(await statementsDuring(async () => (removed = await removeMembers(admin, group.id, ids)))).toEqual({
      "DELETE Membership": 1,
      "INSERT AuditEvent": 1,
    });
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
    let result!: Awaited<ReturnType<typeof addUserToGroups>>;
    // One statement each for all the groups, not a loop over them.
    expect(
      await statementsDuring(
        async () =>
          (result = await addUserToGroups(
            admin,
            user.id,
            groups.map((g) => g.id),
          )),
      ),
    ).toEqual({ "INSERT Membership": 1, "INSERT AuditEvent": 1 });
    expect(result.added).toEqual([groups[1]!.name, groups[2]!.name].sort());
    expect(result.alreadyMember).toEqual([groups[0]!.name]);
    expect(await db.auditEvent.count({ where: { action: "group.member_added", relatedId: user.id } })).toBe(2);
    await expect(addUserToGroups(admin, user.id, [crypto.randomUUID()])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
