import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { ADMIN_ROLE, permissionsFor, type Permission } from "@/lib/access/permissions";
import { requestLimit } from "@/lib/access/rate-limits";
import type { Actor } from "./actor";
import { hashToken, TOKEN_PREFIX, tokenActorName, tokenStatus } from "./api-tokens";
import { db } from "./db";
import { readRequestAccess } from "./request-access";
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
  const token = await db.apiToken.findUnique({
    where: { secretHash: hashToken(secret) },
    select: {
      id: true,
      name: true,
      permissions: true,
      createdById: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  if (!token) return refuse("invalid");
  const status = tokenStatus(token);
  if (status !== "active") return refuse(status);
  // One round trip after the token's: its budget, its creator's access and its last use, together.
  const recordUse = !token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
  const [limited, creator] = await Promise.all([
    overBudget(token.id),
    readRequestAccess(token.createdById),
    recordUse
      ? db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() }, select: { id: true } })
      : null,
  ]);
  if (!creator || creator.status !== "ACTIVE") {
    return refuse("revoked", "The API token no longer works: the user who created it is disabled.");
  }
  if (limited !== null) {
    return {
      ok: false,
      status: 429,
      reason: "rate_limited",
      message: `Too many requests with this API token. Try again in ${limited} second${limited === 1 ? "" : "s"}.`,
      retryAfterSeconds: limited,
    };
  }
  const roleKeys = new Set(creator.roleKeys);
  const held = permissionsFor(roleKeys);
  const permissions = new Set(token.permissions.filter((p): p is Permission => held.has(p as Permission)));
  return {
    ok: true,
    actor: {
      id: creator.id,
      username: tokenActorName(token.name, creator.username),
      displayName: `API token ${token.name}`,
      email: creator.email,
      roleKeys,
      permissions,
      isAdmin: roleKeys.has(ADMIN_ROLE),
      token: { id: token.id, name: token.name, createdBy: creator.username },
    },
  };
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

/** Seconds to wait when the token is over its budget, else null. Store errors propagate. */
async function overBudget(tokenId: string): Promise<number | null> {
  try {
    await limiter().consume(tokenId);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
