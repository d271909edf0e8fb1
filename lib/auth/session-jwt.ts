import { hkdfSync } from "node:crypto";
import { EncryptJWT, base64url, calculateJwkThumbprint, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/**
 * Auth.js's own session-token format (`dir` + A256CBC-HS512, key from HKDF-SHA256 of the secret
 * and the cookie name, `kid` = the key's JWK thumbprint), byte for byte, with one difference:
 * the derived key and its thumbprint are computed once per secret, not on every request.
 * Auth.js derives them afresh for each decode and each re-encode (two HKDFs and two SHA-512
 * digests per request), a sizeable share of what GET /api/me costs (see bench/run.ts).
 */
const ALG = "dir";
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

interface DerivedKey {
  key: Uint8Array;
  kid: string;
}
// One entry per (secret, cookie name, encryption): a handful at most.
const keys = new Map<string, Promise<DerivedKey>>();

function derivedKey(secret: string, salt: string, enc: string): Promise<DerivedKey> {
  const id = `${enc}\n${salt}\n${secret}`;
  let derived = keys.get(id);
  if (!derived) {
    const length = enc === "A256GCM" ? 32 : enc === ENC ? 64 : 0;
    if (!length) return Promise.reject(new Error("Unsupported JWT Content Encryption Algorithm"));
    const key = new Uint8Array(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, length));
    derived = calculateJwkThumbprint(
      { kty: "oct", k: base64url.encode(key) },
      `sha${key.byteLength << 3}` as "sha512",
    ).then((kid) => ({ key, kid }));
    keys.set(id, derived);
  }
  return derived;
}

export async function encode<Payload = JWT>({
  token,
  secret,
  maxAge = DEFAULT_MAX_AGE,
  salt,
}: JWTEncodeParams<Payload>) {
  const [first] = Array.isArray(secret) ? secret : [secret];
  const { key, kid } = await derivedKey(first!, salt, ENC);
  return new EncryptJWT((token ?? {}) as Record<string, unknown>)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

export async function decode<Payload = JWT>({ token, secret, salt }: JWTDecodeParams): Promise<Payload | null> {
  if (!token) return null;
  const secrets = Array.isArray(secret) ? secret : [secret];
  const { payload } = await jwtDecrypt(
    token,
    async ({ kid, enc }) => {
      for (const candidate of secrets) {
        const derived = await derivedKey(candidate, salt, enc);
        if (kid === undefined || kid === derived.kid) return derived.key;
      }
      throw new Error("no matching decryption secret");
    },
    { clockTolerance: 15, keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, "A256GCM"] },
  );
  return payload as Payload;
}
