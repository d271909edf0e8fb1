/**
 * REST API cases (issue 14): a user lookup through /api/v1 against the same reads in raw SQL, and
 * paging through every user 100 at a time with the cursor (the last page against the first). The
 * route handlers run in this process, as `next start` runs them, with a real API token.
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { TOKEN_PERMISSIONS } from "@/lib/access/permissions";
import { apiV1Handlers } from "@/lib/api/v1/handler";
import type { Actor } from "@/lib/dal/actor";
import { db } from "@/lib/dal/db";
import { createApiToken } from "@/lib/testing/factories";
import { report, reportNote } from "./report";

type Get = (path: string, params?: Record<string, string>) => Promise<Response>;

function getter(route: string, secret: string): Get {
  const handler = apiV1Handlers(route).GET!;
  return (path, params = {}) =>
    handler(new Request(new URL(path, "http://bench.test"), { headers: { authorization: `Bearer ${secret}` } }), {
      params: Promise.resolve(params),
    });
}

async function medianOf(fn: () => Promise<unknown>, runs: number) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function benchApi(admin: Actor, userId: string, runs: number) {
  // The budget of one token is 600 requests a minute; paging 100k users takes 1,000.
  process.env.API_TOKEN_RATE_LIMIT ??= "1000000";
  const { secret } = await createApiToken(admin, TOKEN_PERMISSIONS, { name: "bench" });
  const hash = createHash("sha256").update(secret).digest("hex");

  const getUser = getter("/api/v1/users/[userId]", secret);
  const ours = await medianOf(async () => {
    const response = await getUser(`/api/v1/users/${userId}`, { userId });
    if (response.status !== 200) throw new Error(`GET user: ${response.status}`);
    await response.json();
  }, runs);
  // The same reads by hand: the token by its hash, its creator's access, the user with its group count.
  const raw = await medianOf(
    () =>
      Promise.all([
        db.$queryRaw`SELECT "id", "permissions", "createdById", "expiresAt", "revokedAt" FROM "ApiToken" WHERE "secretHash" = ${hash}`,
        db.$queryRaw`SELECT u."id", u."username", u."displayName", u."email", u."status", u."createdAt", u."updatedAt",
          (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id") AS "groupCount"
          FROM "User" u WHERE u."id" = ${userId}::uuid`,
      ]),
    runs,
  );
  report("/api/v1 user lookup, GET /api/v1/users/{id} in process", ours, raw);
  reportNote(
    "/api/v1 user lookup: the baseline reads the token by its hash and the user with its group count in raw SQL; " +
      "the API also counts the request against the token's rate limit and re-reads the creator's access.",
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
