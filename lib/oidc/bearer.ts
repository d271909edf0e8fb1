import "server-only";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { applicationOfClient } from "@/lib/dal/oidc-clients";
import { loadSigningKeys } from "@/lib/dal/oidc-keys";
import { tokenClaims } from "@/lib/dal/token-claims";
import { apiResource, issuerUrl } from "./urls";

/*
 * Gatehouse-issued access tokens (JWT, RS256, audience <AUTH_URL>/api) for userinfo and /api/me*.
 * The signature, issuer, audience and expiry are checked against the published keys; then the
 * user must still be active with the session version the token was issued under, so disabling a
 * user or changing their password ends their access tokens at once too.
 */

export interface AccessToken extends JWTPayload {
  sub: string;
  client_id: string;
  scope: string;
  sv?: number;
}

let cachedKeys: { at: number; jwks: ReturnType<typeof createLocalJWKSet> } | undefined;

async function publicKeys() {
  if (!cachedKeys || Date.now() - cachedKeys.at > 10_000) {
    const { keys } = await loadSigningKeys();
    const publicOnly = keys.map(({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use }));
    cachedKeys = { at: Date.now(), jwks: createLocalJWKSet({ keys: publicOnly } as JSONWebKeySet) };
  }
  return cachedKeys.jwks;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header && /^Bearer\s+([\w.~+/-]+=*)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/** The verified token, or null when it is not one of ours, expired, or its user's session ended. */
export async function verifyAccessToken(token: string, origin?: string): Promise<AccessToken | null> {
  try {
    const { payload } = await jwtVerify(token, await publicKeys(), {
      issuer: issuerUrl(origin),
      audience: apiResource(origin),
      algorithms: ["RS256"],
      typ: "at+jwt",
    });
    if (typeof payload.sub !== "string" || typeof payload.client_id !== "string") return null;
    return payload as AccessToken;
  } catch {
    return null;
  }
}

const unauthorized = (error: string, description: string, status = 401) =>
  Response.json(
    { error, error_description: description },
    {
      status,
      headers: {
        "WWW-Authenticate": `Bearer error="${error}", error_description="${description}"`,
        "Cache-Control": "no-store",
      },
    },
  );

/** The userinfo endpoint: the claims of the token's scopes, always from the current state. */
export async function answerUserinfo(request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "POST") return new Response(null, { status: 405 });
  const raw = bearerToken(request);
  if (!raw) return unauthorized("invalid_request", "no access token provided");
  const token = await verifyAccessToken(raw, new URL(request.url).origin);
  if (!token) return unauthorized("invalid_token", "invalid token provided");
  const scopes = token.scope.split(" ");
  if (!scopes.includes("openid")) return unauthorized("insufficient_scope", "access token missing openid scope", 403);
  const target = await applicationOfClient(token.client_id);
  const user = target ? await tokenClaims(token.sub, target.applicationId, scopes, target.stageId) : null;
  if (!user?.active || user.sessionVersion !== token.sv) return unauthorized("invalid_token", "invalid token provided");
  return Response.json(user.claims, { headers: { "Cache-Control": "no-store" } });
}
