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
import { report, reportNote } from "./report";
import { paired, READ_RUNS } from "./timing";

/** Printed and kept for bench/results.md with every other case. */
function row(name: string, ours: number, base: number, note = "") {
  report(name, ours, base, note.trim() ? { note: note.trim() } : {});
}

async function explain(title: string, query: Prisma.Sql) {
  const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${query}`;
  console.log(`\nEXPLAIN ${title}`);
  for (const line of plan) console.log(`  ${line["QUERY PLAN"]}`);
}

/**
 * A members page as the group's page shows it (status, when and by whom added, through which provider or
 * SCIM token), cut to the page before the joins, in raw SQL.
 */
export const rawMembers = (groupId: string, dir: "ASC" | "DESC", bound?: string) => Prisma.sql`
  SELECT p.*, adder."username", idp."name", tok."name" FROM (
    SELECT u."id", u."username", u."displayName", u."email", u."status", m."createdAt", m."createdById", m."manual",
      m."providerId", m."scim", m."scimTokenId"
    FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."groupId" = ${groupId}::uuid ${bound ? Prisma.sql`AND u."username" ${Prisma.raw(dir === "ASC" ? ">" : "<")} ${bound}` : Prisma.empty}
    ORDER BY u."username" ${Prisma.raw(dir)} LIMIT 26
  ) p
  LEFT JOIN "User" adder ON adder."id" = p."createdById"
  LEFT JOIN "IdentityProvider" idp ON idp."id" = p."providerId"
  LEFT JOIN "ApiToken" tok ON tok."id" = p."scimTokenId"
  ORDER BY p."username" ${Prisma.raw(dir)}`;
const rawMemberCount = (groupId: string) =>
  db.$queryRaw`SELECT "memberCount" FROM "Group" WHERE "id" = ${groupId}::uuid`;
const rawUsers = (dir: "ASC" | "DESC") => Prisma.sql`
  SELECT u."id", u."username", u."displayName", u."email", u."status",
    (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id")
  FROM (SELECT * FROM "User" ORDER BY "username" ${Prisma.raw(dir)} LIMIT 25) u`;
/**
 * A groups page as listGroups answers it (kept member count, stage, roles, and the sort columns its
 * cursors carry), one row more than the page to know whether another follows, in raw SQL.
 */
export const rawGroups = (order: Prisma.Sql) => Prisma.sql`
  SELECT g."id", g."name", g."description", g."nameKey", g."createdAt", g."memberCount",
    s."id", s."key", s."name", s."isDefault",
    (SELECT json_agg(json_build_object('id', r."id", 'key', r."key", 'name', r."name", 'applicationKey', a."key",
        'applicationName', a."name") ORDER BY a."name", r."name", r."id")
      FROM "GroupRole" gr JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      WHERE gr."groupId" = g."id")
  FROM (SELECT * FROM "Group" g ORDER BY ${order} LIMIT 26) g JOIN "Stage" s ON s."id" = g."stageId"
  ORDER BY ${order}`;

type Case = [name: string, ours: () => Promise<unknown>, raw: () => Promise<unknown>, runs?: number];

async function runCases(title: string, cases: Case[]) {
  console.log(`\n${title.padEnd(64)} ${"DAL ms".padStart(9)} ${"SQL ms".padStart(9)} ${"ratio".padStart(7)}`);
  const results = new Map<string, number>();
  for (const [name, ours, raw, runs] of cases) {
    const [a, b] = await paired(ours, raw, runs ?? READ_RUNS);
    results.set(name, a);
    row(name, a, b);
  }
  return results;
}

export async function benchLists(admin: Actor, bigGroupId: string) {
  const lastMembers = await listMembers(admin, bigGroupId, { page: "last" });
  const deepBound = lastMembers.items[0]!.username;
  const count = () => rawMemberCount(bigGroupId);
  const countUsers = () => db.$queryRaw`SELECT count(*) FROM "User"`;
  const countGroups = () => db.$queryRaw`SELECT count(*) FROM "Group"`;
  const like = "%user0499%";
  const rawUserSearch = Prisma.sql`SELECT u."id", u."username" FROM "User" u
    WHERE u."username" LIKE ${like} OR lower(u."displayName") LIKE ${like} OR u."email" LIKE ${like}
    ORDER BY u."username" LIMIT 26`;
  const t = await runCases("Lists (keyset paging)", [
    [
      "members of the 100k group, first page",
      () => listMembers(admin, bigGroupId, {}),
      () => Promise.all([db.$queryRaw(rawMembers(bigGroupId, "ASC")), count()]),
    ],
    [
      "members of the 100k group, last page",
      () => listMembers(admin, bigGroupId, { page: "last" }),
      () => Promise.all([db.$queryRaw(rawMembers(bigGroupId, "DESC")), count()]),
    ],
    [
      "members of the 100k group, page before the last (cursor)",
      () => listMembers(admin, bigGroupId, { page: lastMembers.prev! }),
      () => Promise.all([db.$queryRaw(rawMembers(bigGroupId, "DESC", deepBound)), count()]),
    ],
    [
      "users, first page (group counts of shown rows)",
      () => listUsers(admin, {}),
      () => Promise.all([db.$queryRaw(rawUsers("ASC")), countUsers()]),
    ],
    [
      "users, last page",
      () => listUsers(admin, { page: "last" }),
      () => Promise.all([db.$queryRaw(rawUsers("DESC")), countUsers()]),
    ],
    [
      "users, search 'user0499' (trigram)",
      () => listUsers(admin, { q: "user0499" }),
      () =>
        Promise.all([
          db.$queryRaw(rawUserSearch),
          db.$queryRaw`SELECT count(*) FROM "User" u WHERE u."username" LIKE ${like} OR lower(u."displayName") LIKE ${like} OR u."email" LIKE ${like}`,
        ]),
    ],
    [
      "groups by name, first page (roles of shown rows)",
      () => listGroups(admin, {}),
      () => Promise.all([db.$queryRaw(rawGroups(Prisma.sql`g."nameKey", g."id"`)), countGroups()]),
    ],
    [
      "groups by name, last page",
      () => listGroups(admin, { page: "last" }),
      () => Promise.all([db.$queryRaw(rawGroups(Prisma.sql`g."nameKey" DESC, g."id" DESC`)), countGroups()]),
    ],
    [
      "groups by member count, first page (kept count column)",
      () => listGroups(admin, { sort: "-members" }),
      () =>
        Promise.all([db.$queryRaw(rawGroups(Prisma.sql`g."memberCount" DESC, g."nameKey", g."id"`)), countGroups()]),
    ],
    [
      "groups by member count, last page",
      () => listGroups(admin, { sort: "-members", page: "last" }),
      () =>
        Promise.all([
          db.$queryRaw(rawGroups(Prisma.sql`g."memberCount", g."nameKey" DESC, g."id" DESC`)),
          countGroups(),
        ]),
    ],
  ]);
  const ratio = (a: string, b: string) => (t.get(a)! / t.get(b)!).toFixed(2);
  reportNote(`last page / first page: members of the 100k group ${ratio("members of the 100k group, last page", "members of the 100k group, first page")}, \
page before the last / first ${ratio("members of the 100k group, page before the last (cursor)", "members of the 100k group, first page")}, \
users ${ratio("users, last page", "users, first page (group counts of shown rows)")}, \
groups ${ratio("groups by name, last page", "groups by name, first page (roles of shown rows)")}, \
groups by count ${ratio("groups by member count, last page", "groups by member count, first page (kept count column)")}`);
  // What OFFSET cost for the same last page: a walk over every skipped member.
  const [{ n }] = (await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Membership" WHERE "groupId" = ${bigGroupId}::uuid`) as [{ n: bigint }];
  const [offsetMs] = await paired(
    () => db.$queryRaw`SELECT u."id" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
      WHERE m."groupId" = ${bigGroupId}::uuid ORDER BY u."username" LIMIT 25 OFFSET ${Math.max(0, Number(n) - 25)}`,
    () => db.$queryRaw(rawMembers(bigGroupId, "DESC")),
    5,
  );
  reportNote(`the last page of the 100k group with OFFSET, as before: ${offsetMs.toFixed(1)} ms for the rows alone`);

  await explain("members of the 100k group, last page", rawMembers(bigGroupId, "DESC"));
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
    JOIN (SELECT "id", "username", row_number() OVER (ORDER BY "id") AS n FROM "User") u ON u.n = 1 + ((i::bigint * 7919) % (SELECT count(*) FROM "User"));
    ANALYZE "AuditEvent";`);
  console.log(`\ngenerated ${events} audit events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

export async function benchAuditHistory(admin: Actor, bigGroupId: string, userId: string) {
  await generateAudit(Number(process.env.BENCH_AUDIT_EVENTS ?? 500_000));
  const union = (id: string) => Prisma.sql`
    SELECT e.* FROM ((SELECT "id" FROM "AuditEvent" WHERE "targetId" = ${id} ORDER BY "id" DESC LIMIT 8)
      UNION (SELECT "id" FROM "AuditEvent" WHERE "relatedId" = ${id} ORDER BY "id" DESC LIMIT 8)
      ORDER BY "id" DESC LIMIT 8) l JOIN "AuditEvent" e ON e."id" = l."id" ORDER BY e."id" DESC`;
  const or = (id: string) => Prisma.sql`
    SELECT * FROM "AuditEvent" WHERE "targetId" = ${id} OR "relatedId" = ${id} ORDER BY "id" DESC LIMIT 8`;
  const rawTarget = Prisma.sql`SELECT * FROM "AuditEvent" WHERE "targetName" ILIKE '%user04999%' OR "relatedName" ILIKE '%user04999%' ORDER BY "id" DESC LIMIT 51`;
  await runCases("Audit history and filters", [
    [
      "recent history of a user (relatedId)",
      () => recentEventsFor(admin, userId, 8),
      () => db.$queryRaw(union(userId)),
    ],
    [
      "recent history of the 100k group (targetId)",
      () => recentEventsFor(admin, bigGroupId, 8),
      () => db.$queryRaw(union(bigGroupId)),
    ],
    [
      "  for contrast: a user's history as it was (OR) vs UNION",
      () => db.$queryRaw(or(userId)),
      () => db.$queryRaw(union(userId)),
      5,
    ],
    [
      "audit log filtered by actor contains 'dmin3' (trigram)",
      () => listAuditEvents(admin, { actor: "dmin3" }),
      () => db.$queryRaw`SELECT * FROM "AuditEvent" WHERE "actorName" ILIKE '%dmin3%' ORDER BY "id" DESC LIMIT 51`,
    ],
    [
      "audit log filtered by target contains 'user04999' (trigram)",
      () => listAuditEvents(admin, { target: "user04999" }),
      () => db.$queryRaw(rawTarget),
    ],
  ]);
  await explain("recent history of a user (UNION of two index scans)", union(userId));
  await explain("recent history of a user, as it was (targetId OR relatedId)", or(userId));
  await explain("audit log filtered by target 'user04999'", rawTarget);
}
