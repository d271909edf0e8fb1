/**
 * Benchmarks the data access layer at the scale product.md names (100k users,
 * 1M memberships, one group with 100k members) against a baseline measured in
 * the same run: the same answer fetched through one hand-written SQL query.
 * Prints medians and the ratio DAL / baseline; a ratio near 1 means the DAL adds
 * little on top of the database. Run with `npm run bench` (fresh database).
 */
import { performance } from "node:perf_hooks";
import { db } from "@/lib/dal/db";
import { listGroups } from "@/lib/dal/groups";
import { addMembers, listMembers } from "@/lib/dal/memberships";
import { deleteGroup } from "@/lib/dal/groups";
import { listUsers } from "@/lib/dal/users";
import { loadUserAccess } from "@/lib/dal/access";
import { groupChangeImpact } from "@/lib/dal/impact";
import type { Actor } from "@/lib/dal/actor";
import { adminActor } from "@/lib/testing/factories";
import { stopApp } from "./app";
import { httpCases } from "./http";
import { middleUsername, report, writeResults } from "./report";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const GROUPS = 500;
const MEMBERSHIPS_PER_USER = 9; // + the big group = 10 per user, 1M in all at 100k users
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function generate() {
  const t = performance.now();
  await db.$executeRawUnsafe(`
    INSERT INTO "Application" ("id", "key", "name", "updatedAt") VALUES (gen_random_uuid(), 'bench', 'Bench', now());
    INSERT INTO "Role" ("id", "applicationId", "key", "name", "updatedAt")
      SELECT gen_random_uuid(), (SELECT "id" FROM "Application" WHERE "key" = 'bench'), 'role-' || i, 'Role ' || i, now()
      FROM generate_series(1, 50) i;
    INSERT INTO "User" ("id", "username", "email", "displayName", "updatedAt")
      SELECT gen_random_uuid(), 'user' || lpad(i::text, 6, '0'), 'user' || i || '@bench.test', 'User ' || i, now()
      FROM generate_series(1, ${USERS}) i;
    INSERT INTO "Group" ("id", "name", "nameKey", "updatedAt")
      SELECT gen_random_uuid(), 'Group ' || lpad(i::text, 4, '0'), 'group ' || lpad(i::text, 4, '0'), now()
      FROM generate_series(1, ${GROUPS}) i;
    INSERT INTO "GroupRole" ("groupId", "roleId")
      SELECT g."id", r."id" FROM "Group" g CROSS JOIN LATERAL (
        SELECT "id" FROM "Role" ORDER BY md5(g."id"::text || "id"::text) LIMIT 3) r;
    CREATE TEMP TABLE gidx AS SELECT "id", row_number() OVER (ORDER BY "nameKey") - 1 AS n FROM "Group";
    INSERT INTO "Membership" ("groupId", "userId")
      SELECT gidx."id", u."id"
      FROM (SELECT "id", row_number() OVER () AS n FROM "User") u
      CROSS JOIN generate_series(1, ${MEMBERSHIPS_PER_USER}) k
      JOIN gidx ON gidx.n = 1 + ((u.n * 7 + k * 37) % ${GROUPS - 1})
      ON CONFLICT DO NOTHING;
    INSERT INTO "Membership" ("groupId", "userId") SELECT (SELECT "id" FROM gidx WHERE n = 0), "id" FROM "User";
    ANALYZE;
  `);
  const [{ n }] = (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Membership"`) as [{ n: bigint }];
  console.log(
    `generated ${USERS} users, ${GROUPS} groups, ${n} memberships in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

async function median(fn: () => Promise<unknown>, runs = RUNS) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  await generate();
  const admin = await adminActor();
  const big = await db.group.findFirstOrThrow({ where: { nameKey: "group 0001" }, select: { id: true } });
  const someUser = await db.user.findFirstOrThrow({ where: { username: middleUsername() }, select: { id: true } });

  const cases: [string, () => Promise<unknown>, () => Promise<unknown>, number?][] = [
    [
      "members of a 100k-member group, page 1 (listMembers)",
      () => listMembers(admin, big.id, { pageSize: 25 }),
      () =>
        Promise.all([
          db.$queryRaw`SELECT u."id", u."username", u."displayName", u."email", m."createdAt"
            FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."groupId" = ${big.id}::uuid ORDER BY u."username" LIMIT 25`,
          db.$queryRaw`SELECT count(*) FROM "Membership" WHERE "groupId" = ${big.id}::uuid`,
        ]),
    ],
    [
      "members of a 100k-member group, search (listMembers q)",
      () => listMembers(admin, big.id, { q: "user0499", pageSize: 25 }),
      () =>
        Promise.all([
          db.$queryRaw`SELECT u."id" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."groupId" = ${big.id}::uuid AND (u."username" LIKE '%user0499%' OR lower(u."displayName") LIKE '%user0499%' OR u."email" LIKE '%user0499%') ORDER BY u."username" LIMIT 25`,
          db.$queryRaw`SELECT count(*) FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."groupId" = ${big.id}::uuid AND (u."username" LIKE '%user0499%' OR lower(u."displayName") LIKE '%user0499%' OR u."email" LIKE '%user0499%')`,
        ]),
    ],
    [
      "groups table, page 1 with member counts (listGroups)",
      () => listGroups(admin, { pageSize: 25 }),
      () => db.$queryRaw`SELECT g."id", (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id")
            FROM "Group" g ORDER BY g."nameKey" LIMIT 25`,
    ],
    [
      "users table, page 1 (listUsers)",
      () => listUsers(admin, { pageSize: 25 }),
      () =>
        Promise.all([
          db.$queryRaw`SELECT u."id", (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id")
            FROM "User" u ORDER BY u."username" LIMIT 25`,
          db.$queryRaw`SELECT count(*) FROM "User"`,
        ]),
    ],
    [
      "effective roles with sources of one user (loadUserAccess)",
      () => loadUserAccess(someUser.id),
      () => db.$queryRaw`SELECT r."name", a."name", g."name", false AS direct FROM "Membership" m
            JOIN "Group" g ON g."id" = m."groupId" JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
            JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
            WHERE m."userId" = ${someUser.id}::uuid
            UNION ALL
            SELECT r."name", a."name", NULL, true FROM "DirectGrant" d JOIN "Role" r ON r."id" = d."roleId"
            JOIN "Application" a ON a."id" = r."applicationId" WHERE d."userId" = ${someUser.id}::uuid`,
    ],
    [
      "impact of deleting the 100k-member group (groupChangeImpact)",
      () => groupChangeImpact({ groupId: big.id }),
      // The losing/keeping counts per role in one hand-written query.
      () => db.$queryRaw`WITH members AS (SELECT "userId" FROM "Membership" WHERE "groupId" = ${big.id}::uuid),
            roles AS (SELECT "roleId" FROM "GroupRole" WHERE "groupId" = ${big.id}::uuid),
            other AS (SELECT m2."userId", gr2."roleId" FROM members mb
              JOIN "Membership" m2 ON m2."userId" = mb."userId" AND m2."groupId" <> ${big.id}::uuid
              JOIN "GroupRole" gr2 ON gr2."groupId" = m2."groupId" WHERE gr2."roleId" IN (SELECT "roleId" FROM roles)
              UNION SELECT d."userId", d."roleId" FROM "DirectGrant" d JOIN members mb ON mb."userId" = d."userId")
            SELECT r."roleId", count(*) FILTER (WHERE o."userId" IS NULL), count(o."userId")
            FROM members mb CROSS JOIN roles r
            LEFT JOIN other o ON o."userId" = mb."userId" AND o."roleId" = r."roleId" GROUP BY r."roleId"`,
      3,
    ],
  ];

  for (const [name, dal, baseline, runs] of cases) {
    const base = await median(baseline, runs);
    const ours = await median(dal, runs);
    report(name, ours, base);
  }

  // Over HTTP, against `next start` (built if needed); last, as it adds an administrator.
  await httpCases();
  await benchBulkAdd(admin);
  // Last: it deletes the big group.
  await benchChangesDuringDeletion(admin, big.id);
  await writeResults(`${USERS.toLocaleString("en")} users, ${GROUPS} groups, 10 memberships per user`);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Issue 11: adding 10,000 members in one call (memberships, audit rows, access-version bumps)
 * against the same work as one raw INSERT … SELECT; then re-adding them (nothing to do).
 */
async function benchBulkAdd(admin: Actor) {
  const count = Math.min(10_000, USERS);
  const roles = await db.role.findMany({ take: 3, select: { id: true } });
  const target = await db.group.create({
    data: { name: "Bulk target", nameKey: "bulk target", roles: { create: roles.map((r) => ({ roleId: r.id })) } },
    select: { id: true, name: true },
  });
  const ids = (
    await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" ORDER BY md5("id"::text) LIMIT ${count}`
  ).map((row) => row.id);
  const reset = () => db.$executeRaw`DELETE FROM "Membership" WHERE "groupId" = ${target.id}::uuid`;
  const raw = () => db.$queryRaw`
    WITH ins AS (
      INSERT INTO "Membership" ("groupId", "userId", "createdById")
      SELECT ${target.id}::uuid, u."id", ${admin.id}::uuid FROM "User" u WHERE u."id" = ANY(${ids}::uuid[])
      ON CONFLICT DO NOTHING RETURNING "userId"
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName", "summary")
      SELECT ${admin.id}::uuid, ${admin.username}, 'group.member_added', 'group', ${target.id}, ${target.name}, u."id"::text, u."username",
        ${admin.username} || ' added ' || u."username" || ' to group ' || ${target.name}
      FROM ins JOIN "User" u ON u."id" = ins."userId"
    ), bump AS (
      UPDATE "User" SET "accessVersion" = "accessVersion" + 1 WHERE "id" IN (SELECT "userId" FROM ins)
    )
    SELECT count(*) FROM ins`;
  const ours = () => addMembers(admin, target.id, ids);
  // Alternating the two, each from the same empty group, so that a load change on the machine
  // weighs on both alike.
  const timeOnce = async (fn: () => Promise<unknown>) => {
    await reset();
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  await timeOnce(raw);
  await timeOnce(ours);
  const [rawTimes, ourTimes]: [number[], number[]] = [[], []];
  for (let i = 0; i < 7; i++) {
    rawTimes.push(await timeOnce(raw));
    ourTimes.push(await timeOnce(ours));
  }
  const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const [base, dal] = [mid(rawTimes), mid(ourTimes)];
  const again = await median(ours, 5);
  report(`bulk add ${count.toLocaleString("en")} members, audit and revocation, one call (addMembers)`, dal, base, {
    note: `raw: one INSERT … SELECT with its audit rows and bumps; median of 7, alternating; re-adding them: ${again.toFixed(0)} ms`,
  });
  await reset();
}

/**
 * Issue 11: the latency of membership changes made while the 100k-member group is being deleted.
 * The deletion starts first; the changes (add then remove a user who is not in the big group,
 * in groups that carry roles) start once it is running, one after another.
 */
async function benchChangesDuringDeletion(admin: Actor, bigGroupId: string) {
  const changes = 20;
  const groups = await db.group.findMany({
    where: { id: { not: bigGroupId }, roles: { some: {} } },
    take: changes,
    select: { id: true },
  });
  const users = await Promise.all(
    Array.from({ length: changes }, (_, i) =>
      db.user.create({
        data: { username: `bench-free-${i}`, email: `bench-free-${i}@bench.test`, displayName: `Free ${i}` },
        select: { id: true },
      }),
    ),
  );
  const baseline: number[] = [];
  for (let i = 0; i < changes; i++) {
    const t = performance.now();
    await addMembers(admin, groups[i % groups.length]!.id, [users[i]!.id]);
    baseline.push(performance.now() - t);
    await db.membership.deleteMany({ where: { userId: users[i]!.id } });
  }
  const start = performance.now();
  let deletionMs = 0;
  const deletion = deleteGroup(admin, bigGroupId).then(() => (deletionMs = performance.now() - start));
  // Wait until the deletion's transaction is at work in the database (an event, not a delay).
  for (;;) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE pid <> pg_backend_pid() AND state = 'active' AND (query LIKE '%accessVersion%' OR query LIKE 'DELETE FROM%')`;
    if (Number(row!.n) > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const during: number[] = [];
  let whileRunning = 0;
  for (let i = 0; i < changes; i++) {
    const t = performance.now();
    await addMembers(admin, groups[i % groups.length]!.id, [users[i]!.id]);
    during.push(performance.now() - t);
    if (deletionMs === 0) whileRunning++;
  }
  await deletion;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [b, d] = [sorted(baseline), sorted(during)];
  report(
    `a membership change during a ${USERS.toLocaleString("en")}-member group deletion, p95`,
    percentile(d, 95),
    percentile(b, 95),
    {
      note:
        `baseline: the same changes with no deletion; p50 ${percentile(d, 50).toFixed(0)} vs ${percentile(b, 50).toFixed(0)} ms; ` +
        `${whileRunning} of ${changes} finished while deleteGroup ran (${deletionMs.toFixed(0)} ms)`,
    },
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopApp();
    await db.$disconnect();
  });
