import "server-only";
import { count } from "@/lib/text/plural";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { ADMIN_ROLE, permissionsFor, type Permission } from "@/lib/access/permissions";
import { requestLimit } from "@/lib/access/rate-limits";
import type { Actor } from "./actor";
import { hashToken, TOKEN_PREFIX, tokenActorName, tokenStatus } from "./api-tokens";
import { db } from "./db";
import { limiterPool } from "./sign-in-limiter";

/** Why a request with a bearer token was refused. `invalid`: no such token (or not a token at all). */
export type TokenRefusal = "missing" | "invalid" | "expired" | "revoked" | "rate_limited";

export type TokenAuthResult =
  | { ok: true; actor: Actor }
  | {
      ok: false;
      /** 401 for missing/invalid/expired/revoked, 429 when the token is over its request budget. */
      status: 401 | 429;
      reason: TokenRefusal;
      /** A sentence for the caller; never says whether a token exists unless its full secret was sent. */
      message: string;
      /** For 429: the Retry-After header, in whole seconds. */
      retryAfterSeconds?: number;
      /** The WWW-Authenticate header of a 401 (RFC 6750). */
      wwwAuthenticate?: string;
    };

const MESSAGES: Record<Exclude<TokenRefusal, "rate_limited">, string> = {
  missing: "Send an API token: Authorization: Bearer <token>.",
  invalid: "The API token is not valid. Check that it was copied whole.",
  expired: "The API token has expired. Create a new one on the API tokens screen.",
  revoked: "The API token was revoked. Create a new one on the API tokens screen.",
};
const LAST_USED_RESOLUTION_MS = 60_000;
const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i;

function refuse(reason: Exclude<TokenRefusal, "rate_limited">, message = MESSAGES[reason]): TokenAuthResult {
  const error = reason === "missing" ? "" : `, error="invalid_token", error_description="${message}"`;
  return { ok: false, status: 401, reason, message, wwwAuthenticate: `Bearer realm="gatehouse"${error}` };
}

/**
 * THE authentication of API requests (REST API and SCIM): turns `Authorization: Bearer <token>` into
 * an actor whose permissions are the token's, intersected with its creator's current permissions,
 * or a refusal. Only someone holding a token's full secret learns that it expired or was revoked;
 * any other value reads as "invalid". Counts the request against the token's budget (429 over it)
 * and records when the token was last used (to the minute). Throws only when the database is away.
 */
export async function authenticateBearer(request: { headers: Headers }): Promise<TokenAuthResult> {
  const header = request.headers.get("authorization");
  if (!header?.trim()) return refuse("missing");
  const secret = BEARER.exec(header)?.[1];
  if (!secret?.startsWith(TOKEN_PREFIX) || secret.length > 200) return refuse("invalid");
  const secretHash = hashToken(secret);
  // Two round trips side by side: the token with its creator's access (one statement), and the
  // request counted against the token's budget (keyed by the secret's hash, so it need not wait).
  const [token, limited] = await Promise.all([readToken(secretHash), overBudget(secretHash)]);
  if (!token) return refuse("invalid");
  const status = tokenStatus(token);
  if (status !== "active") return refuse(status);
  if (token.creatorStatus !== "ACTIVE") {
    return refuse("revoked", "The API token no longer works: the user who created it is disabled.");
  }
  if (limited !== null) {
    return {
      ok: false,
      status: 429,
      reason: "rate_limited",
      message: `Too many requests with this API token. Try again in ${count(limited, "second")}.`,
      retryAfterSeconds: limited,
    };
  }
  // Last use is kept to the minute: at most one write a minute per token.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() }, select: { id: true } });
  }
  const stageRoleKeys = new Map<string, Set<string>>([[token.defaultStageId, new Set()]]);
  for (const [stageId, roleKey] of token.roleRows) {
    let keys = stageRoleKeys.get(stageId);
    if (!keys) stageRoleKeys.set(stageId, (keys = new Set()));
    keys.add(roleKey);
  }
  // Gatehouse's own roles count only in the default stage.
  const roleKeys = stageRoleKeys.get(token.defaultStageId)!;
  const held = permissionsFor(roleKeys);
  const permissions = new Set(token.permissions.filter((p): p is Permission => held.has(p as Permission)));
  return {
    ok: true,
    actor: {
      id: token.createdById,
      username: tokenActorName(token.name, token.creatorUsername),
      displayName: `API token ${token.name}`,
      email: token.creatorEmail,
      roleKeys,
      stageRoleKeys,
      defaultStageId: token.defaultStageId,
      permissions,
      isAdmin: roleKeys.has(ADMIN_ROLE),
      token: { id: token.id, name: token.name, createdBy: token.creatorUsername },
    },
  };
}

interface TokenRow {
  id: string;
  name: string;
  permissions: string[];
  createdById: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  creatorUsername: string;
  creatorEmail: string;
  creatorStatus: string;
  defaultStageId: string;
  /** [stageId, "application:role"] of every role the creator holds now, from the EffectiveGrant view. */
  roleRows: [string, string][];
}

/** The token by its secret's hash, with its creator and the creator's current roles in every stage: one statement. */
async function readToken(secretHash: string): Promise<TokenRow | null> {
  const [row] = await db.$queryRaw<TokenRow[]>`
    SELECT t."id", t."name", t."permissions", t."createdById", t."expiresAt", t."revokedAt", t."lastUsedAt",
      u."username" AS "creatorUsername", u."email" AS "creatorEmail", u."status"::text AS "creatorStatus",
      default_stage_id() AS "defaultStageId",
      (SELECT coalesce(json_agg(json_build_array(x."stageId", x."claim")), '[]'::json) FROM (
        SELECT DISTINCT e."stageId", a."key" || ':' || r."key" AS "claim" FROM "EffectiveGrant" e
        JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
        WHERE e."userId" = t."createdById") x) AS "roleRows"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."createdById"
    WHERE t."secretHash" = ${secretHash}`;
  return row ?? null;
}

const globalForLimiter = globalThis as unknown as { gatehouseTokenLimiter?: RateLimiterPostgres };

function limiter(): RateLimiterPostgres {
  if (!globalForLimiter.gatehouseTokenLimiter) {
    const policy = requestLimit("api:token");
    globalForLimiter.gatehouseTokenLimiter = new RateLimiterPostgres({
      storeClient: limiterPool(),
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true,
      keyPrefix: "api:token",
      points: policy.points,
      duration: policy.windowSeconds,
    });
  }
  return globalForLimiter.gatehouseTokenLimiter;
}

/**
 * Seconds to wait when the token is over its budget, else null. Store errors propagate. Keyed by
 * the secret's hash (what identifies a token before it is read), so a made-up token only fills a
 * counter of its own.
 */
async function overBudget(secretHash: string): Promise<number | null> {
  try {
    await limiter().consume(secretHash);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
