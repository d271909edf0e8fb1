import "server-only";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { isAllowedIssuer } from "@/lib/access/issuer";

/**
 * Verifies an ID token's signature against its provider's published keys (JWKS), its issuer,
 * audience (our client id) and lifetime. Auth.js checks claims but no signature: it relies on
 * TLS to the token endpoint, which is not enough when an issuer or its token endpoint is not
 * what it seems. Runs before anything is provisioned.
 */
export async function verifyIdToken(
  provider: { id: string; issuer: string; clientId: string },
  idToken: string,
): Promise<JWTPayload> {
  const { issuer, jwks } = await keysOf(provider);
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer,
    audience: provider.clientId,
    algorithms: ASYMMETRIC,
    // A missing `sub` is reported by the sign-in as a missing claim, by name.
    requiredClaims: ["exp", "iat"],
    clockTolerance: 60,
  });
  return payload;
}

/** Why verification failed, in a few words for the log and the sign-in page; `null` if not a token problem. */
export function idTokenProblem(error: unknown): string | null {
  if (error instanceof DiscoveryError || error instanceof errors.JWKSTimeout) return null;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not match the provider's keys";
  if (error instanceof errors.JWKSNoMatchingKey) return "it is signed with a key the provider does not publish";
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `its "${error.claim}" claim is not valid`;
  if (error instanceof errors.JOSEError) return `it is not a valid signed token (${error.code})`;
  return null;
}

/** The provider's discovery document or keys could not be read. */
export class DiscoveryError extends Error {}

// Only signatures made with a private key the provider publishes the public half of: never `none` or HMAC.
const ASYMMETRIC = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

type Keys = { issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> };
// One key set per provider and issuer; jose caches the keys and refetches them when a token names an unknown key.
const cache = new Map<string, Promise<Keys>>();

function keysOf(provider: { id: string; issuer: string }): Promise<Keys> {
  const cacheKey = `${provider.id} ${provider.issuer}`;
  let keys = cache.get(cacheKey);
  if (!keys) {
    keys = discover(provider.issuer);
    cache.set(cacheKey, keys);
    // A failed discovery is not kept: the next sign-in tries again.
    keys.catch(() => cache.delete(cacheKey));
  }
  return keys;
}

async function discover(configured: string): Promise<Keys> {
  const base = configured.replace(/\/+$/, "");
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(`${base}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: "application/json" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new DiscoveryError(
      `Could not read ${base}/.well-known/openid-configuration: ${error instanceof Error ? error.message : error}`,
    );
  }
  const { issuer, jwks_uri: jwksUri } = document;
  if (typeof issuer !== "string" || issuer.replace(/\/+$/, "") !== base) {
    throw new DiscoveryError(`The discovery document of ${base} names another issuer (${String(issuer)}).`);
  }
  if (typeof jwksUri !== "string" || !isAllowedIssuer(jwksUri)) {
    throw new DiscoveryError(`The discovery document of ${base} has no usable jwks_uri (${String(jwksUri)}).`);
  }
  return { issuer, jwks: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 10_000 }) };
}
