/**
 * Issue 14, SCIM at bench scale: a directory's lookup before create (`GET /Users?filter=userName eq
 * "…"`), answered by the same DAL call and resource mapping as the route handler, against the raw SQL
 * of the same answer; and one PATCH adding 10,000 members to a group (one transaction, its audit
 * rows included), against one raw INSERT … SELECT with its audit rows. Both act as an API token.
 */
import { PATCH_SCHEMA } from "@/lib/scim/constants";
import { toScimUser } from "@/lib/scim/users";
import type { Actor } from "@/lib/dal/actor";
import { db } from "@/lib/dal/db";
import { scimPatchGroup } from "@/lib/dal/scim/groups";
import { scimSearchAll } from "@/lib/dal/scim/search";
import { scimListUsers } from "@/lib/dal/scim/users";
import { authenticateBearer } from "@/lib/dal/token-auth";
import { bearer, createApiToken } from "@/lib/testing/factories";
import { middleUsername, report } from "./report";
import { paired, READ_RUNS } from "./timing";

export async function benchScim(admin: Actor) {
  const { secret } = await createApiToken(admin, ["users:read", "groups:read", "groups:write", "members:write"], {
    name: "bench-scim",
  });
  const auth = await authenticateBearer(bearer(secret));
  if (!auth.ok) throw new Error(auth.message);
  const token = auth.actor;

  const username = middleUsername();
  const filter = `userName eq "${username.toUpperCase()}"`;
  const ours = () =>
    scimListUsers(token, { filter, startIndex: 1, count: 100, withGroups: true }).then((page) =>
      JSON.stringify(page.rows.map((row) => toScimUser(row, "http://bench/scim/v2", row.groups))),
    );
  const raw = () =>
    Promise.all([
      db.$queryRaw`SELECT u.*, ARRAY(SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = u."id") AS groups FROM "User" u WHERE u."username" = ${username}`,
      db.$queryRaw`SELECT count(*) FROM "User" WHERE "username" = ${username}`,
    ]);
  report(
    'SCIM GET /Users?filter=userName eq "…" (scimListUsers, with groups)',
    ...(await paired(ours, raw, READ_RUNS)),
  );

  // A sorted page deep in the list (RFC 7644 3.4.2.3): sortBy=displayName descending, page 11 of 100.
  const sort = { by: "displayName", descending: true };
  const sorted = () =>
    scimListUsers(token, { filter: null, sort, startIndex: 1001, count: 100, withGroups: false }).then((page) =>
      JSON.stringify(page.rows.map((row) => toScimUser(row, "http://bench/scim/v2"))),
    );
  const rawSorted = () =>
    Promise.all([
      db.$queryRaw`SELECT u.* FROM "User" u ORDER BY lower(u."displayName") DESC NULLS FIRST, u."id"
        LIMIT 100 OFFSET 1000`,
      db.$queryRaw`SELECT count(*) FROM "User"`,
    ]);
  report(
    "SCIM GET /Users?sortBy=displayName&sortOrder=descending&startIndex=1001 (scimListUsers)",
    ...(await paired(sorted, rawSorted, READ_RUNS)),
  );

  // POST /.search at the root: users and groups whose name starts with "user0001", sorted by meta.created.
  const search = () =>
    scimSearchAll(token, {
      filter: 'userName sw "user0001" or displayName sw "user0001"',
      sort: { by: "meta.created", descending: false },
      startIndex: 1,
      count: 100,
      withGroups: false,
      withMembers: false,
    });
  const rawSearch = () =>
    Promise.all([
      db.$queryRaw`SELECT * FROM (
          SELECT u."id", u."createdAt" FROM "User" u
            WHERE u."username" LIKE 'user0001%' OR lower(u."displayName") LIKE 'user0001%'
          UNION ALL SELECT g."id", g."createdAt" FROM "Group" g WHERE g."nameKey" LIKE 'user0001%'
        ) r ORDER BY r."createdAt", r."id" LIMIT 100`.then(
        (rows) =>
          db.$queryRaw`SELECT u.* FROM "User" u WHERE u."id" = ANY(${(rows as { id: string }[]).map((r) => r.id)}::uuid[])`,
      ),
      db.$queryRaw`SELECT (SELECT count(*) FROM "User" WHERE "username" LIKE 'user0001%' OR lower("displayName") LIKE 'user0001%')
        + (SELECT count(*) FROM "Group" WHERE "nameKey" LIKE 'user0001%')`,
    ]);
  report(
    'SCIM POST /.search, users and groups, filter sw "…", sortBy=meta.created (scimSearchAll)',
    ...(await paired(search, rawSearch, READ_RUNS)),
  );

  const count = Math.min(10_000, (await db.user.count()) - 1);
  const target = await db.group.create({
    data: { name: "SCIM target", nameKey: "scim target" },
    select: { id: true, name: true },
  });
  const ids = (
    await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" ORDER BY md5("id"::text) LIMIT ${count}`
  ).map((row) => row.id);
  const body = {
    schemas: [PATCH_SCHEMA],
    Operations: [{ op: "add", path: "members", value: ids.map((value) => ({ value })) }],
  };
  const reset = () => db.$executeRaw`DELETE FROM "Membership" WHERE "groupId" = ${target.id}::uuid`;
  const rawAdd = () => db.$queryRaw`
    WITH ins AS (
      INSERT INTO "Membership" ("groupId", "userId", "createdById", "manual", "scim", "scimTokenId")
      SELECT ${target.id}::uuid, u."id", ${admin.id}::uuid, false, true, ${token.token!.id}::uuid FROM "User" u WHERE u."id" = ANY(${ids}::uuid[])
      ON CONFLICT DO NOTHING RETURNING "userId"
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName", "summary")
      SELECT ${admin.id}::uuid, ${token.username}, 'group.member_added', 'group', ${target.id}, ${target.name}, u."id"::text, u."username",
        ${token.username} || ' added ' || u."username" || ' to group ' || ${target.name}
      FROM ins JOIN "User" u ON u."id" = ins."userId"
    )
    SELECT count(*) FROM ins`;
  const oursAdd = () => scimPatchGroup(token, target.id, structuredClone(body), null, false);
  const [oursMs, rawMs] = await paired(oursAdd, rawAdd, 5, { before: reset });
  report(
    `SCIM PATCH adding ${count.toLocaleString("en")} members to a group, one transaction (scimPatchGroup)`,
    oursMs,
    rawMs,
    {
      note: "target ≤ 2 s; raw: one INSERT … SELECT with its audit rows; median of 5, alternating",
    },
  );
  await reset();
}
