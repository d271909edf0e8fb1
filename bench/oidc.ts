/**
 * Issue 13: the OpenID Connect provider. (1) The claims of a token (groups + one application's
 * roles, tokenClaims) against the raw SQL of the same answer; (2) over HTTP against the bench's
 * `next start`: refresh grants per second at the token endpoint, at concurrency 20, beside the
 * userinfo endpoint's throughput. Every refresh grant rotates its refresh token, so the load
 * runs through a pool of distinct refresh tokens: clones, in the provider's table, of one
 * issued by a real code flow (same grant, same session).
 */
import { createHash, randomBytes } from "node:crypto";
import autocannon from "autocannon";
import type { Actor } from "@/lib/dal/actor";
import { hashPassword } from "@/lib/dal/credentials";
import { db } from "@/lib/dal/db";
import { createClient } from "@/lib/dal/oidc-clients";
import { tokenClaims } from "@/lib/dal/token-claims";
import { signInCookie, startApp } from "./app";
import { report } from "./report";
import { paired, READ_RUNS } from "./timing";

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const REDIRECT = "http://127.0.0.1:9/callback";

export async function benchOidc(admin: Actor, userId: string) {
  // The application of one of the user's roles: the claims a token of its client would carry.
  const [held] = await db.$queryRaw<{ applicationId: string }[]>`
    SELECT r."applicationId" FROM "EffectiveGrant" e JOIN "Role" r ON r."id" = e."roleId"
    WHERE e."userId" = ${userId}::uuid LIMIT 1`;
  if (!held) throw new Error("bench: the user holds no role");
  const applicationId = held.applicationId;
  const scopes = ["openid", "profile", "email", "groups", "roles"];
  const [ours, base] = await paired(
    () => tokenClaims(userId, applicationId, scopes),
    () =>
      Promise.all([
        db.$queryRaw`SELECT "username", "displayName", "email", "status" FROM "User" WHERE "id" = ${userId}::uuid`,
        db.$queryRaw`SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = ${userId}::uuid ORDER BY g."nameKey" LIMIT 201`,
        db.$queryRaw`SELECT DISTINCT r."key" FROM "Role" r WHERE r."applicationId" = ${applicationId}::uuid AND r."id" IN (
        SELECT d."roleId" FROM "DirectGrant" d WHERE d."userId" = ${userId}::uuid
        UNION SELECT gr."roleId" FROM "Membership" m JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
        WHERE m."userId" = ${userId}::uuid)`,
      ]),
    READ_RUNS,
  );
  report("claims for a token: groups + roles of one application (tokenClaims)", ours, base);
  if (process.env.BENCH_HTTP === "0") return;
  await tokenThroughput(admin, userId, applicationId);
}

async function tokenThroughput(admin: Actor, userId: string, applicationId: string) {
  const app = await startApp();
  const password = "bench-password";
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  const { username } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
  const client = await createClient(admin, applicationId, {
    name: "Bench client",
    type: "CONFIDENTIAL",
    redirectUris: REDIRECT,
    tokenTtlMinutes: 60,
  });
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
  const tokens = await codeFlow(app.url, await signInCookie(app.url, username, password), client.clientId, basic);

  // A pool of refresh tokens: clones of the real one with new ids.
  const pool = await cloneRefreshToken(tokens.refresh_token, 60_000);
  const tokenUrl = `${app.url}/oidc/token`;
  const refresh = async (duration: number) => {
    let ok = 0;
    let other = 0;
    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: tokenUrl,
          method: "POST",
          connections: 20,
          duration,
          headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                body: `grant_type=refresh_token&refresh_token=${pool.pop() ?? "exhausted"}`,
              }),
            },
          ],
        },
        (error, r) => (error ? reject(error) : resolve(r)),
      );
      instance.on("response", (_client, status, _bytes, ms) => {
        latencies.push(ms);
        if (status === 200) ok++;
        else other++;
      });
    });
    latencies.sort((a, b) => a - b);
    if (other) console.log(`  (${other} refresh grants refused)`);
    return { rps: ok / (result.duration || duration), p95: latencies[Math.floor(latencies.length * 0.95)] ?? NaN };
  };
  const userinfo = async (duration: number) => {
    const result = await autocannon({
      url: `${app.url}/oidc/me`,
      connections: 20,
      duration,
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    return { rps: result["2xx"] / (result.duration || duration), p95: result.latency.p97_5 };
  };
  await refresh(3); // warm-up: next start loads route code lazily
  await userinfo(3);
  const grants = await refresh(SECONDS);
  const info = await userinfo(SECONDS);
  console.log(
    `\nOpenID Connect over HTTP, concurrency 20, ${SECONDS} s each:\n` +
      `  refresh grants (POST /oidc/token) ${grants.rps.toFixed(0)} req/s, p95 ${grants.p95.toFixed(0)} ms\n` +
      `  userinfo (GET /oidc/me)           ${info.rps.toFixed(0)} req/s, p97.5 ${info.p95.toFixed(0)} ms`,
  );
  report("token endpoint: refresh grants/s at concurrency 20 (vs userinfo req/s)", grants.rps, info.rps, {
    unit: "req/s",
    note: `refresh grants ${grants.rps.toFixed(0)} req/s (each rotates its refresh token and recomputes the claims) beside userinfo ${info.rps.toFixed(0)} req/s`,
  });
}

/** The code flow with PKCE as a browser signed in to Gatehouse (cookie jar, redirects by hand). */
async function codeFlow(base: string, sessionCookie: string, clientId: string, basic: string) {
  const jar = new Map<string, string>(sessionCookie.split("; ").map((pair) => pair.split("=", 2) as [string, string]));
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: REDIRECT,
    scope: "openid profile email groups roles",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  let url = `${base}/oidc/auth?${params}`;
  for (let i = 0; i < 10 && !url.startsWith(REDIRECT); i++) {
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`bench: the code flow stopped at ${url} (${response.status})`);
    url = new URL(location, base).href;
  }
  const code = new URL(url).searchParams.get("code");
  if (!code) throw new Error(`bench: no code in ${url}`);
  const response = await fetch(`${base}/oidc/token`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  if (!body.refresh_token) throw new Error(`bench: token endpoint answered ${JSON.stringify(body)}`);
  return body;
}

async function cloneRefreshToken(token: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomBytes(32).toString("base64url").slice(0, 43));
  await db.$executeRaw`
    INSERT INTO "OidcPayload" ("kind", "id", "payload", "grantId", "uid", "accountId", "expiresAt")
    SELECT p."kind", n.id, jsonb_set(p."payload", '{jti}', to_jsonb(n.id)), p."grantId", p."uid", p."accountId", p."expiresAt"
    FROM "OidcPayload" p, unnest(${ids}::text[]) AS n(id)
    WHERE p."kind" = 'RefreshToken' AND p."id" = ${token}`;
  return ids;
}
