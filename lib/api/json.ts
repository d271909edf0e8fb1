import "server-only";
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import type { Session } from "next-auth";
import { getRequestAuth } from "@/lib/auth/actor";
import { loadActor } from "@/lib/dal/actor";
import { loadClaims, pageOfClaims } from "@/lib/dal/claims";
import { bearerToken, verifyAccessToken } from "@/lib/oidc/bearer";
import { stageParam } from "./stage-param";
import { withRequestScope } from "@/lib/dal/request-access";
import { outageJson } from "@/lib/security/responses";
import type { Actor } from "@/lib/dal/actor";
import { isAppError, isDatabaseUnavailable } from "@/lib/dal/errors";

const STATUS = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INVALID: 400 } as const;

/**
 * JSON API handler: authenticates from the session cookie (401 JSON, never a redirect) and maps errors.
 * Given the request, it answers conditional GETs: the ETag is a hash of the answer itself, so it
 * changes exactly when the answer does (an access change, a rename) and a matching If-None-Match
 * gets a bodiless 304. Clients polling /api/me then download the answer only when it changed.
 */
export function withApiActor(
  work: (actor: Actor, session: Session) => Promise<unknown>,
  request?: Request,
  options: { acceptBearer?: boolean } = {},
): Promise<NextResponse> {
  // One read of the user for the whole request: the session check, the claims and the actor share it.
  return withRequestScope(() => respond(work, request, options.acceptBearer ?? false));
}

async function respond(
  work: (actor: Actor, session: Session) => Promise<unknown>,
  request: Request | undefined,
  acceptBearer: boolean,
) {
  let requestAuth: Awaited<ReturnType<typeof getRequestAuth>>;
  try {
    // /api/me* also answer applications holding an access token Gatehouse issued for the user.
    const token = acceptBearer && request ? bearerToken(request) : null;
    requestAuth = token ? await bearerAuth(token, request!) : await getRequestAuth();
  } catch (error) {
    // The database went away after the proxy's check: 503 with Retry-After, not "sign in first".
    if (isDatabaseUnavailable(error)) return outageJson();
    throw error;
  }
  const { actor, session } = requestAuth;
  if (!actor || !session) {
    return NextResponse.json({ error: "unauthenticated", message: "Sign in first." }, { status: 401 });
  }
  try {
    const body = JSON.stringify(await work(actor, session));
    if (!request) return new NextResponse(body, { headers: { ...JSON_TYPE, "Cache-Control": "no-store" } });
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    // Private: the answer is the signed-in user's own; no-cache: revalidate every time, never serve stale access.
    const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Cookie, Authorization" };
    if (matches(request.headers.get("if-none-match"), etag)) return new NextResponse(null, { status: 304, headers });
    return new NextResponse(body, { headers: { ...JSON_TYPE, ...headers } });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return outageJson();
    if (isAppError(error)) {
      return NextResponse.json(
        { error: error.code.toLowerCase(), message: error.message },
        { status: STATUS[error.code] },
      );
    }
    console.error("Unexpected error in an API route", error);
    return NextResponse.json({ error: "internal", message: "Something went wrong." }, { status: 500 });
  }
}

const JSON_TYPE = { "Content-Type": "application/json" };

/** The user of a Gatehouse-issued access token, as a session: only if it verifies and is current. */
async function bearerAuth(token: string, request: Request): Promise<Awaited<ReturnType<typeof getRequestAuth>>> {
  const verified = await verifyAccessToken(token, new URL(request.url).origin);
  const actor = verified && typeof verified.sv === "number" ? await loadActor(verified.sub, verified.sv) : null;
  if (!actor) return { actor: null, session: null };
  const session = {
    user: { id: actor.id },
    expires: "",
    sessionVersion: verified!.sv,
    ...(await loadClaims(actor.id)),
  };
  return { actor, session };
}

/** If-None-Match uses weak comparison (RFC 9110 13.1.2): a W/ prefix does not matter; `*` matches. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

export function pageParams(url: URL, maxPageSize = 100) {
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const size = Number.parseInt(url.searchParams.get("pageSize") ?? "100", 10) || 100;
  return { page, pageSize: Math.max(1, Math.min(maxPageSize, size)) };
}

/**
 * GET handler paging through the signed-in user's full group or role list in one stage
 * (`?page=1&pageSize=100&stage=<key>`, the default stage when absent; unknown stage: 400).
 */
export function claimsPageHandler(kind: "groups" | "roles") {
  return (request: Request) =>
    withApiActor(
      async (actor) => {
        const url = new URL(request.url);
        const { page, pageSize } = pageParams(url);
        const stage = await stageParam(url, actor.id);
        const result = await pageOfClaims(actor.id, kind, page, pageSize, stage.id);
        const inStage = stage.isDefault ? "" : `&stage=${encodeURIComponent(stage.key)}`;
        return {
          ...result,
          stage: stage.key,
          next: result.hasMore ? `/api/me/${kind}?page=${page + 1}&pageSize=${pageSize}${inStage}` : null,
        };
      },
      request,
      { acceptBearer: true },
    );
}
