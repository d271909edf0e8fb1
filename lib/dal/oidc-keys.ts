import "server-only";
import { createHmac, generateKeyPairSync, randomUUID, type JsonWebKey } from "node:crypto";
import { authorize, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { decryptSecret, encryptSecret } from "./secrets";
import { accessWrite } from "./write";

/**
 * How long a retired signing key stays published after a rotation. Tokens live minutes
 * (at most MAX_TOKEN_TTL), so a day covers every token the old key signed, with room for
 * relying parties that cache the JWKS.
 */
export const KEY_OVERLAP_MS = 24 * 60 * 60_000;
const OIDC_KEYS_LOCK = 7_104_243;

export interface SigningKeySet {
  /** Changes whenever the published keys change: instances rebuild their provider then. */
  fingerprint: string;
  /** Private JWKs, the signing key first. */
  keys: JsonWebKey[];
}

export interface SigningKeyDto {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
  /** Published until this time (retired keys only). */
  publishedUntil: Date | null;
}

function newKey() {
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const kid = randomUUID();
  return { kid, jwk: encryptSecret(JSON.stringify({ ...jwk, kid, alg: "RS256", use: "sig" })) };
}

/**
 * The provider's keys (system read, no actor: the protocol endpoints need them). The first
 * call on a fresh installation generates the first key, once, whichever instance gets there first.
 */
export async function loadSigningKeys(): Promise<SigningKeySet> {
  let rows = await publishedRows(db);
  if (!rows.some((row) => row.retiredAt === null)) {
    rows = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OIDC_KEYS_LOCK})`;
      const current = await publishedRows(tx);
      if (current.some((row) => row.retiredAt === null)) return current;
      await tx.oidcSigningKey.create({ data: newKey() });
      return publishedRows(tx);
    });
  }
  const keys = rows.flatMap((row) => {
    const plain = decryptSecret(row.jwk);
    if (plain === null) {
      console.error(`OpenID Connect signing key ${row.kid} cannot be decrypted (was AUTH_SECRET changed?)`);
      return [];
    }
    return [JSON.parse(plain) as JsonWebKey];
  });
  if (keys.length === 0) throw new Error("No usable OpenID Connect signing key: rotate the keys in the admin area.");
  return { fingerprint: rows.map((row) => `${row.kid}:${row.retiredAt?.getTime() ?? ""}`).join(","), keys };
}

/** Unretired keys and keys retired less than the overlap ago, newest unretired first. */
async function publishedRows(client: Tx | typeof db) {
  const rows = await client.oidcSigningKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - KEY_OVERLAP_MS) } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return [...rows.filter((row) => !row.retiredAt), ...rows.filter((row) => row.retiredAt)];
}

export async function listSigningKeys(actor: Actor): Promise<SigningKeyDto[]> {
  authorize(actor, "providers:read");
  const rows = await publishedRows(db);
  return rows.map((row) => ({
    kid: row.kid,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
    publishedUntil: row.retiredAt ? new Date(row.retiredAt.getTime() + KEY_OVERLAP_MS) : null,
  }));
}

/**
 * A new signing key signs from now on; the previous one is retired but stays published for
 * KEY_OVERLAP_MS, so tokens it signed stay valid until they expire.
 */
export async function rotateSigningKey(actor: Actor): Promise<{ kid: string }> {
  authorize(actor, "providers:write");
  return accessWrite(actor, "providers:write", async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OIDC_KEYS_LOCK})`;
    const now = new Date();
    const retired = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
    await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    // Keys past their overlap are no longer published: delete them.
    await tx.oidcSigningKey.deleteMany({ where: { retiredAt: { lt: new Date(now.getTime() - KEY_OVERLAP_MS) } } });
    const key = newKey();
    await tx.oidcSigningKey.create({ data: key });
    await recordAudit(tx, actor, {
      action: "oidc.key_rotated",
      targetType: "signing-key",
      targetId: key.kid,
      targetName: key.kid,
      summary: `${actor.username} rotated the OpenID Connect signing key (previous key stays published for 24 hours)`,
      before: { kids: retired.map((r) => r.kid) },
      after: { kid: key.kid },
    });
    return { kid: key.kid };
  });
}

/** Keys for the provider's signed cookies, derived from AUTH_SECRET: the same on every instance. */
export function cookieKeys(): string[] {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is needed by the OpenID Connect provider.");
  return [createHmac("sha256", secret).update("gatehouse:oidc-cookies").digest("base64url")];
}
