/**
 * Issue 11, lists and indexes: keyset pages (first vs last), counts for the shown rows only,
 * recent history by target/related id, contains-searches; each as Gatehouse vs raw SQL in the
 * same run, with the EXPLAIN that shows which index serves the query.
 */
import { performance } from "node:perf_hooks";
import type { Actor } from "@/lib/dal/actor";
import { listAuditEvents, recentEventsFor } from "@/lib/dal/audit-log";
import { db } from "@/lib/dal/db";
import { listGroups } from "@/lib/dal/groups";
import { listMembers } from "@/lib/dal/memberships";
import { listUsers } from "@/lib/dal/users";
import { Prisma } from "@/lib/generated/prisma/client";

type Median = (fn: () => Promise<unknown>, runs?: number) => Promise<number>;

function row(name: string, ours: number, base: number, note = "") {
  console.log(
    `${name.padEnd(64)} ${ours.toFixed(1).padStart(9)} ${base.toFixed(1).padStart(9)} ${(ours / base).toFixed(2).padStart(7)}${note}`,
  );
}

async function explain(title: string, query: Prisma.Sql) {
  const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${query}`;
  console.log(`\nEXPLAIN ${title}`);
  for (const line of plan) console.log(`  ${line["QUERY PLAN"]}`);
}

const rawMembers = (groupId: string, dir: "ASC" | "DESC", bound?: string) => Prisma.sql`
  SELECT u."id", u."username", u."displayName", u."email", m."createdAt"
  FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
  WHERE m."groupId" = ${groupId}::uuid ${bound ? Prisma.sql`AND u."username" ${Prisma.raw(dir === "ASC" ? ">" : "<")} ${bound}` : Prisma.empty}
  ORDER BY u."username" ${Prisma.raw(dir)} LIMIT 25`;
const rawMemberCount = (groupId: string) =>
  db.$queryRaw`SELECT count(*) FROM "Membership" WHERE "groupId" = ${groupId}::uuid`;
const rawUsers = (dir: "ASC" | "DESC") => Prisma.sql`
  SELECT u."id", u."username", u."displayName", u."email", u."status",
    (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id")
  FROM (SELECT * FROM "User" ORDER BY "username" ${Prisma.raw(dir)} LIMIT 25) u`;
const rawGroups = (dir: "ASC" | "DESC") => Prisma.sql`
  SELECT g."id", g."name", (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id"),
    (SELECT json_agg(json_build_object('id', r."id", 'name', r."name", 'app', a."name") ORDER BY a."name", r."name")
      FROM "GroupRole" gr JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      WHERE gr."groupId" = g."id")
  FROM (SELECT * FROM "Group" ORDER BY "nameKey" ${Prisma.raw(dir)} LIMIT 25) g`;

export async function benchLists(admin: Actor, bigGroupId: string, median: Median) {
  console.log(
    `\nLists (keyset paging)${" ".repeat(43)} ${"DAL ms".padStart(9)} ${"SQL ms".padStart(9)} ${"ratio".padStart(7)}`,
  );
  const lastMembers = await listMembers(admin, bigGroupId, { page: "last" });
  const deepAfter = lastMembers.items[0]!.username;
  const firstMs = await median(() => listMembers(admin, bigGroupId, { pageSize: 25 }));
  const firstRaw = await median(() =>
    Promise.all([db.$queryRaw(rawMembers(bigGroupId, "ASC")), rawMemberCount(bigGroupId)]),
  );
  row("members of the 100k group, first page", firstMs, firstRaw);
  const lastMs = await median(() => listMembers(admin, bigGroupId, { page: "last" }));
  const lastRaw = await median(() =>
    Promise.all([db.$queryRaw(rawMembers(bigGroupId, "DESC")), rawMemberCount(bigGroupId)]),
  );
  row("members of the 100k group, last page", lastMs, lastRaw, `   last/first ${(lastMs / firstMs).toFixed(2)}`);
  const deepMs = await median(() => listMembers(admin, bigGroupId, { page: lastMembers.prev! }));
  const deepRaw = await median(() =>
    Promise.all([db.$queryRaw(rawMembers(bigGroupId, "DESC", deepAfter)), rawMemberCount(bigGroupId)]),
  );
  row(
    "members of the 100k group, page before the last (cursor)",
    deepMs,
    deepRaw,
    `   /first ${(deepMs / firstMs).toFixed(2)}`,
  );
  // What OFFSET cost for the same last page: the scan of every skipped member.
  const [{ n }] = (await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM "Membership" WHERE "groupId" = ${bigGroupId}::uuid`) as [{ n: bigint }];
  const offsetMs = await median(
    () => db.$queryRaw`SELECT u."id" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
      WHERE m."groupId" = ${bigGroupId}::uuid ORDER BY u."username" LIMIT 25 OFFSET ${Math.max(0, Number(n) - 25)}`,
    5,
  );
  console.log(`  (the same last page with OFFSET, rows only: ${offsetMs.toFixed(1)} ms)`);

  const usersFirst = await median(() => listUsers(admin, {}));
  row(
    "users, first page (group counts of shown rows)",
    usersFirst,
    await median(() => Promise.all([db.$queryRaw(rawUsers("ASC")), db.$queryRaw`SELECT count(*) FROM "User"`])),
  );
  const usersLast = await median(() => listUsers(admin, { page: "last" }));
  row(
    "users, last page",
    usersLast,
    await median(() => Promise.all([db.$queryRaw(rawUsers("DESC")), db.$queryRaw`SELECT count(*) FROM "User"`])),
    `   last/first ${(usersLast / usersFirst).toFixed(2)}`,
  );
  const usersSearch = await median(() => listUsers(admin, { q: "user0499" }));
  const like = "%user0499%";
  const rawUserSearch = Prisma.sql`SELECT u."id", u."username" FROM "User" u
    WHERE u."username" LIKE ${like} OR u."displayName" ILIKE ${like} OR u."email" LIKE ${like}
    ORDER BY u."username" LIMIT 26`;
  row(
    "users, search 'user0499' (trigram)",
    usersSearch,
    await median(() =>
      Promise.all([
        db.$queryRaw(rawUserSearch),
        db.$queryRaw`SELECT count(*) FROM "User" u WHERE u."username" LIKE ${like} OR u."displayName" ILIKE ${like} OR u."email" LIKE ${like}`,
      ]),
    ),
  );

  const groupsFirst = await median(() => listGroups(admin, {}));
  row(
    "groups by name, first page (member counts of shown rows)",
    groupsFirst,
    await median(() => Promise.all([db.$queryRaw(rawGroups("ASC")), db.$queryRaw`SELECT count(*) FROM "Group"`])),
  );
  const groupsLast = await median(() => listGroups(admin, { page: "last" }));
  row(
    "groups by name, last page",
    groupsLast,
    await median(() => Promise.all([db.$queryRaw(rawGroups("DESC")), db.$queryRaw`SELECT count(*) FROM "Group"`])),
    `   last/first ${(groupsLast / groupsFirst).toFixed(2)}`,
  );
  const rawByMembers = (dir: "ASC" | "DESC") => Prisma.sql`
    SELECT g."id", g."name", g.n FROM (SELECT g."id", g."name", g."nameKey",
      (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id") AS n FROM "Group" g) g
    ORDER BY g.n ${Prisma.raw(dir)}, g."nameKey" LIMIT 26`;
  const byMembersFirst = await median(() => listGroups(admin, { sort: "-members" }), 5);
  row(
    "groups by member count, first page (counts every group)",
    byMembersFirst,
    await median(
      () => Promise.all([db.$queryRaw(rawByMembers("DESC")), db.$queryRaw`SELECT count(*) FROM "Group"`]),
      5,
    ),
  );
  const byMembersLast = await median(() => listGroups(admin, { sort: "-members", page: "last" }), 5);
  row(
    "groups by member count, last page",
    byMembersLast,
    await median(() => Promise.all([db.$queryRaw(rawByMembers("ASC")), db.$queryRaw`SELECT count(*) FROM "Group"`]), 5),
    `   last/first ${(byMembersLast / byMembersFirst).toFixed(2)}`,
  );

  await explain("members of the 100k group, last page", rawMembers(bigGroupId, "DESC"));
  await explain(
    "member count of the 100k group (no join of User)",
    Prisma.sql`SELECT count(*) FROM "Membership" WHERE "groupId" = ${bigGroupId}::uuid`,
  );
  await explain(
    "groups of one user (membership by user)",
    Prisma.sql`SELECT count(*) FROM "Membership" WHERE "userId" = (SELECT "id" FROM "User" WHERE "username" = 'user000100')`,
  );
  await explain("users search 'user0499'", rawUserSearch);
}

/** Audit events at scale: each group and user gets a history; then one user's and the big group's. */
async function generateAudit(events: number) {
  const t = performance.now();
  await db.$executeRawUnsafe(`
    INSERT INTO "AuditEvent" ("actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName", "summary")
    SELECT 'admin' || (i % 7), 'group.member_added', 'group', g."id"::text, g."name", u."id"::text, u."username", 'bench event ' || i
    FROM generate_series(1, ${events}) i
    JOIN (SELECT "id", "name", row_number() OVER (ORDER BY "id") AS n FROM "Group") g ON g.n = 1 + (i % 500)
    JOIN (SELECT "id", "username", row_number() OVER (ORDER BY "id") AS n FROM "User") u ON u.n = 1 + ((i * 7919) % (SELECT count(*) FROM "User"));
    ANALYZE "AuditEvent";`);
  console.log(`\ngenerated ${events} audit events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

export async function benchAuditHistory(admin: Actor, bigGroupId: string, userId: string, median: Median) {
  await generateAudit(Number(process.env.BENCH_AUDIT_EVENTS ?? 500_000));
  const union = (id: string) => Prisma.sql`
    SELECT e.* FROM ((SELECT "id" FROM "AuditEvent" WHERE "targetId" = ${id} ORDER BY "id" DESC LIMIT 8)
      UNION (SELECT "id" FROM "AuditEvent" WHERE "relatedId" = ${id} ORDER BY "id" DESC LIMIT 8)
      ORDER BY "id" DESC LIMIT 8) l JOIN "AuditEvent" e ON e."id" = l."id" ORDER BY e."id" DESC`;
  const or = (id: string) => Prisma.sql`
    SELECT * FROM "AuditEvent" WHERE "targetId" = ${id} OR "relatedId" = ${id} ORDER BY "id" DESC LIMIT 8`;
  console.log(
    `\nAudit history and filters${" ".repeat(39)} ${"DAL ms".padStart(9)} ${"SQL ms".padStart(9)} ${"ratio".padStart(7)}`,
  );
  for (const [name, id] of [
    ["recent history of a user (relatedId)", userId],
    ["recent history of the 100k group (targetId)", bigGroupId],
  ] as const) {
    const ours = await median(() => recentEventsFor(admin, id, 8));
    const base = await median(() => db.$queryRaw(union(id)));
    const before = await median(() => db.$queryRaw(or(id)), 5);
    row(name, ours, base, `   (targetId OR relatedId: ${before.toFixed(1)} ms)`);
  }
  const actorFilter = await median(() => listAuditEvents(admin, { actor: "dmin3" }));
  row(
    "audit log filtered by actor contains 'dmin3' (trigram)",
    actorFilter,
    await median(
      () => db.$queryRaw`SELECT * FROM "AuditEvent" WHERE "actorName" ILIKE '%dmin3%' ORDER BY "id" DESC LIMIT 51`,
    ),
  );
  const targetFilter = await median(() => listAuditEvents(admin, { target: "user04999" }));
  const rawTarget = Prisma.sql`SELECT * FROM "AuditEvent" WHERE "targetName" ILIKE '%user04999%' OR "relatedName" ILIKE '%user04999%' ORDER BY "id" DESC LIMIT 51`;
  row(
    "audit log filtered by target contains 'user04999' (trigram)",
    targetFilter,
    await median(() => db.$queryRaw(rawTarget)),
  );
  await explain("recent history of a user (UNION of two index scans)", union(userId));
  await explain("recent history of a user, as it was (targetId OR relatedId)", or(userId));
  await explain("audit log filtered by target 'user04999'", rawTarget);
}
