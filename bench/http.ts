/**
 * Admin pages over HTTP at bench scale: time to first byte of the groups list, the
 * 100k-member group, the users list and one user page, served by `next start` to a signed-in
 * administrator. Each page's baseline, measured in the same run, is what no implementation
 * can avoid: the raw SQL the page shows (run in parallel where the page can) plus the
 * HTTP floor of `next start` here (a 401 JSON route that reads no database).
 *
 * Each page is timed in rounds with everything its ratio is made of (the page, its raw SQL,
 * the HTTP floor, and for reading the ratio the page floor and the render floor), in turns and
 * in a rotating order, so that load from other processes on this shared machine falls on all
 * of them alike.
 */
import { writeFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { db } from "@/lib/dal/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { benchAdmin, signInCookie, startApp } from "./app";
import { rawGroups, rawMembers } from "./lists";
import { middleUsername, report, reportNote } from "./report";
import { rounds } from "./timing";

// More rounds than the in-process cases: a page is ~20 ms, a round times five things, and
// `next start` keeps getting faster over its first few hundred requests (V8 optimising Next's
// and React's code): 90 rounds time the steady state a running server is in.
const RUNS = Number(process.env.BENCH_RUNS ?? 15) * 6;
const WARM_UP = 100;

interface Timing {
  /** Milliseconds to the first byte of the body (headers alone could precede the render). */
  first: number;
  /** Milliseconds to the last byte. */
  total: number;
  body: string;
}

function get(agent: http.Agent, url: string, cookie?: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers = { accept: "text/html", ...(cookie ? { cookie } : {}) };
    const request = http.get(url, { agent, headers }, (response) => {
      let first: number | undefined;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => {
        first ??= performance.now() - start;
        chunks.push(chunk);
      });
      response.on("end", () => {
        const total = performance.now() - start;
        if (![200, 401, 404].includes(response.statusCode ?? 0)) {
          reject(new Error(`GET ${url} answered ${response.statusCode} ${response.headers.location ?? ""}`));
        } else resolve({ first: first ?? total, total, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    request.on("error", reject);
  });
}

/** What every signed-in admin request reads: the user and their portal roles. */
function actorSql(userId: string) {
  return db.$queryRaw`SELECT u."id", u."status", u."sessionVersion", r."key" FROM "User" u
    LEFT JOIN LATERAL (
      SELECT r."key" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId" AND a."key" = 'gatehouse'
      WHERE r."id" IN (SELECT "roleId" FROM "DirectGrant" WHERE "userId" = u."id"
                       UNION SELECT gr."roleId" FROM "Membership" m JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
                       WHERE m."userId" = u."id")) r ON true
    WHERE u."id" = ${userId}::uuid`;
}

function historySql(id: string) {
  return db.$queryRaw`SELECT * FROM "AuditEvent" WHERE "id" IN (
      (SELECT "id" FROM "AuditEvent" WHERE "targetId" = ${id} ORDER BY "id" DESC LIMIT 10)
      UNION (SELECT "id" FROM "AuditEvent" WHERE "relatedId" = ${id} ORDER BY "id" DESC LIMIT 10))
    ORDER BY "id" DESC LIMIT 10`;
}

/** A path no route serves: Next renders its not-found page (404) through the root layout. */
const NOT_FOUND = "/bench-page-floor";

export async function httpCases() {
  const { id: adminId, username, password } = await benchAdmin();
  const app = await startApp();
  const cookie = await signInCookie(app.url, username, password);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  if (process.env.BENCH_LOOP === "1") {
    // For probing the running app by hand between reruns (tmp/ is not committed).
    writeFileSync(
      "tmp/bench-app.json",
      JSON.stringify({ url: app.url, cookie, databaseUrl: process.env.DATABASE_URL }),
    );
  }
  const big = await db.group.findFirstOrThrow({ where: { nameKey: "group 0001" }, select: { id: true } });
  const user = await db.user.findFirstOrThrow({ where: { username: middleUsername() }, select: { id: true } });

  try {
    // `next start` loads each route's code on its first request and V8 optimises it over the next
    // ones: every route measured here gets the same warm-up first, so that each case times the
    // steady state rather than the order the cases run in.
    const warm = [
      NOT_FOUND,
      "/admin/api-reference",
      "/admin/groups",
      `/admin/groups/${big.id}`,
      "/admin/users",
      `/admin/users/${user.id}`,
    ];
    for (let i = 0; i < WARM_UP; i++) {
      await get(agent, `${app.url}/api/search/users`);
      for (const path of warm) await get(agent, `${app.url}${path}`, cookie);
    }
    const floors = {
      floor: async () => (await get(agent, `${app.url}/api/search/users`)).first,
      pageFloor: async () => {
        const timing = await get(agent, `${app.url}${NOT_FOUND}`, cookie);
        if (!timing.body.includes("Not found")) throw new Error(`${NOT_FOUND} did not render the not-found page`);
        return timing.first;
      },
      renderFloor: async () => {
        const timing = await get(agent, `${app.url}/admin/api-reference`, cookie);
        if (!timing.body.includes("API reference")) throw new Error("/admin/api-reference did not render");
        return timing.first;
      },
    };
    reportNote(
      "HTTP floor of `next start` here: the time to the first byte of a 401 JSON route that reads no database. " +
        "Each admin page's baseline is this floor plus the page's raw SQL, timed in the same rounds as the page.",
    );
    reportNote(
      "For reading the page ratios (not in the baseline): the page floor, the first byte of Next's not-found page " +
        "(the root layout, no data: what any page of this stack costs), and the render floor, /admin/api-reference " +
        "(the admin layout and the signed-in actor's one read, no page data). Pages render fully before their first " +
        "byte (no streaming), so TTFB is the time to the table rows.",
    );

    // Each page with a text it shows only when it rendered its data (not an error page).
    const pages: [string, string, string, () => Promise<unknown>][] = [
      [
        "admin page TTFB: groups list (/admin/groups)",
        "/admin/groups",
        "Group 0001",
        () =>
          Promise.all([
            actorSql(adminId),
            db.$queryRaw(rawGroups(Prisma.sql`g."nameKey", g."id"`)),
            db.$queryRaw`SELECT count(*) FROM "Group"`,
          ]),
      ],
      [
        "admin page TTFB: the 100k-member group (/admin/groups/[id])",
        `/admin/groups/${big.id}`,
        "user000001",
        () =>
          Promise.all([
            actorSql(adminId),
            db.$queryRaw`SELECT g."id", g."name", g."description", r."id", r."name", a."name" FROM "Group" g
              LEFT JOIN "GroupRole" gr ON gr."groupId" = g."id" LEFT JOIN "Role" r ON r."id" = gr."roleId"
              LEFT JOIN "Application" a ON a."id" = r."applicationId" WHERE g."id" = ${big.id}::uuid`,
            db.$queryRaw(rawMembers(big.id, "ASC")),
            db.$queryRaw`SELECT "memberCount" FROM "Group" WHERE "id" = ${big.id}::uuid`,
            historySql(big.id),
          ]),
      ],
      [
        "admin page TTFB: users list (/admin/users)",
        "/admin/users",
        "user000001",
        () =>
          Promise.all([
            actorSql(adminId),
            db.$queryRaw`SELECT u."id", u."username", u."displayName", u."email", u."status",
                (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id") AS groups
              FROM (SELECT * FROM "User" ORDER BY "username" LIMIT 25) u ORDER BY u."username"`,
            db.$queryRaw`SELECT count(*) FROM "User"`,
          ]),
      ],
      [
        "admin page TTFB: one user (/admin/users/[id])",
        `/admin/users/${user.id}`,
        middleUsername(),
        () =>
          Promise.all([
            actorSql(adminId),
            db.$queryRaw`SELECT "id", "username", "displayName", "email", "status", "createdAt" FROM "User" WHERE "id" = ${user.id}::uuid`,
            db.$queryRaw`SELECT g."id", g."name", m."manual" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
              WHERE m."userId" = ${user.id}::uuid ORDER BY g."nameKey"`,
            db.$queryRaw`SELECT r."id", r."name", a."name", g."id", g."name", false AS direct FROM "Membership" m
              JOIN "Group" g ON g."id" = m."groupId" JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
              JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
              WHERE m."userId" = ${user.id}::uuid
              UNION ALL
              SELECT r."id", r."name", a."name", NULL, NULL, true FROM "DirectGrant" d JOIN "Role" r ON r."id" = d."roleId"
              JOIN "Application" a ON a."id" = r."applicationId" WHERE d."userId" = ${user.id}::uuid`,
            historySql(user.id),
          ]),
      ],
    ];
    for (const [name, path, shows, rawSql] of pages) {
      const { body } = await get(agent, `${app.url}${path}`, cookie);
      if (!body.includes(shows)) throw new Error(`GET ${path} did not render its data (no "${shows}")`);
      const totals: number[] = [];
      const m = await rounds(
        {
          page: async () => {
            const timing = await get(agent, `${app.url}${path}`, cookie);
            totals.push(timing.total);
            return timing.first;
          },
          sql: rawSql,
          ...floors,
        },
        RUNS,
      );
      const total = totals.sort((a, b) => a - b)[Math.floor(totals.length / 2)]!;
      const size = Math.round(Buffer.byteLength(body) / 1024);
      // When iterating (BENCH_ONLY=pages), each page's HTML is kept in tmp/ to see what it carries.
      if (process.env.BENCH_ONLY)
        writeFileSync(`tmp/page-${path.split("/")[2]}${path.split("/")[3] ? "-one" : ""}.html`, body);
      const vs = (floor: number) => `${(m.page / (floor + m.sql)).toFixed(2)}× (${(floor + m.sql).toFixed(1)} ms)`;
      report(name, m.page, m.floor + m.sql, {
        note:
          `raw SQL ${m.sql.toFixed(1)} ms + HTTP floor ${m.floor.toFixed(1)} ms; last byte ${total.toFixed(0)} ms, ` +
          `${size} KB; against page floor ${m.pageFloor.toFixed(1)} ms + raw SQL: ${vs(m.pageFloor)}; ` +
          `against render floor ${m.renderFloor.toFixed(1)} ms + raw SQL: ${vs(m.renderFloor)}`,
      });
    }
  } finally {
    agent.destroy();
  }
}
