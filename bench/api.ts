/**
 * REST API cases (issue 14): a user lookup through /api/v1 against the same work in raw SQL, and
 * paging through every user 100 at a time with the cursor (the last page against the first). The
 * route handlers run in this process, as `next start` runs them, with a real API token.
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { TOKEN_PERMISSIONS } from "@/lib/access/permissions";
import { apiV1Handlers } from "@/lib/api/v1/handler";
import type { Actor } from "@/lib/dal/actor";
import { db } from "@/lib/dal/db";
import { limiterPool } from "@/lib/dal/sign-in-limiter";
import { createApiToken } from "@/lib/testing/factories";
import { report, reportNote } from "./report";
import { median, paired } from "./timing";

type Get = (path: string, params?: Record<string, string>) => Promise<Response>;

function getter(route: string, secret: string): Get {
  const handler = apiV1Handlers(route).GET!;
  return (path, params = {}) =>
    handler(new Request(new URL(path, "http://bench.test"), { headers: { authorization: `Bearer ${secret}` } }), {
      params: Promise.resolve(params),
    });
}

export async function benchApi(admin: Actor, userId: string, runs: number) {
  // The budget of one token is 600 requests a minute; paging 100k users takes 1,000.
  process.env.API_TOKEN_RATE_LIMIT ??= "1000000";
  const { secret } = await createApiToken(admin, TOKEN_PERMISSIONS, { name: "bench" });
  const hash = createHash("sha256").update(secret).digest("hex");

  const getUser = getter("/api/v1/users/[userId]", secret);
  const lookUp = async () => {
    const response = await getUser(`/api/v1/users/${userId}`, { userId });
    if (response.status !== 200) throw new Error(`GET user: ${response.status}`);
    await response.json();
  };
  // The same work by hand, in the order authentication imposes: the token by its hash with its
  // creator's current roles (EffectiveGrant) beside the request's count against the token's budget
  // (the upsert rate-limiter-flexible runs), then the user with its group count.
  const counter = limiterPool();
  const rawLookUp = async () => {
    await Promise.all([
      db.$queryRaw`
        SELECT t."id", t."name", t."permissions", t."createdById", t."expiresAt", t."revokedAt", t."lastUsedAt",
          u."username", u."email", u."status"::text AS "status", default_stage_id() AS "defaultStageId",
          (SELECT coalesce(json_agg(json_build_array(x."stageId", x."claim")), '[]'::json) FROM (
            SELECT DISTINCT e."stageId", a."key" || ':' || r."key" AS "claim" FROM "EffectiveGrant" e
            JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
            WHERE e."userId" = t."createdById") x) AS "roleRows"
        FROM "ApiToken" t JOIN "User" u ON u."id" = t."createdById" WHERE t."secretHash" = ${hash}`,
      counter.query(
        `INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ($1, 1, $2)
         ON CONFLICT ("key") DO UPDATE SET "points" = "RateLimit"."points" + 1 RETURNING "points", "expire"`,
        [`bench:raw:${hash}`, Date.now() + 60_000],
      ),
    ]);
    await db.$queryRaw`SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status",
      u."createdAt", u."updatedAt", u."passwordHash" IS NOT NULL AS "hasPassword",
      (SELECT count(*)::int FROM "Membership" m WHERE m."userId" = u."id") AS "groupCount"
      FROM "User" u WHERE u."id" = ${userId}::uuid`;
  };
  // Alternating, so that both sides see the same load on this shared machine.
  const [ours, raw] = await paired(lookUp, rawLookUp, runs * 4);
  const sideBySide = await median(
    () =>
      Promise.all([
        db.$queryRaw`SELECT "id" FROM "ApiToken" WHERE "secretHash" = ${hash}`,
        db.$queryRaw`SELECT u."id", (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id") FROM "User" u
          WHERE u."id" = ${userId}::uuid`,
      ]),
    runs,
  );
  report("/api/v1 user lookup, GET /api/v1/users/{id} in process", ours, raw, {
    note: `floor without authentication order (token and user read side by side): ${sideBySide.toFixed(1)} ms`,
  });
  reportNote(
    "/api/v1 user lookup: the baseline is the same work in raw SQL: the token with its creator's current roles " +
      "beside the rate-limit count, then the user; the API adds the route handler, zod and the JSON response.",
  );

  // Every user, 100 at a time, following nextCursor: the last page should cost what the first does.
  const listUsers = getter("/api/v1/users", secret);
  const times: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let users = 0;
  do {
    const t = performance.now();
    const response = await listUsers(`/api/v1/users?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    times.push(performance.now() - t);
    if (response.status !== 200) throw new Error(`list users: ${response.status}`);
    users += body.items.length;
    pages++;
    cursor = body.nextCursor;
  } while (cursor);
  const window = Math.min(5, Math.floor(times.length / 2));
  const avg = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  // Pages 2-6 against the last 5 (the very first request warms up the process).
  const first = avg(times.slice(1, 1 + window));
  const last = avg(times.slice(-window));
  report(`/api/v1 users by cursor, 100 a page: last pages vs first (${pages} pages)`, last, first, {
    note: `${users.toLocaleString("en")} users listed; baseline: the first pages`,
  });
}
