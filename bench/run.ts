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
import { listMembers } from "@/lib/dal/memberships";
import { listUsers } from "@/lib/dal/users";
import { loadUserAccess } from "@/lib/dal/access";
import { groupChangeImpact } from "@/lib/dal/impact";
import { adminActor } from "@/lib/testing/factories";
import { stopApp } from "./app";
import { httpCases } from "./http";
import { benchAuditHistory, benchLists } from "./lists";
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
  await benchLists(admin, big.id);
  await benchAuditHistory(admin, big.id, someUser.id);

  // Over HTTP, against `next start` (built if needed); last, as it adds an administrator.
  await httpCases();
  await writeResults(`${USERS.toLocaleString("en")} users, ${GROUPS} groups, 10 memberships per user`);
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
