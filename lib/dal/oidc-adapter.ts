import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./db";

/*
 * oidc-provider's storage in PostgreSQL, one table (OidcPayload) for every model: sessions,
 * interactions, grants, authorization codes, refresh tokens. Every instance of a serverless host
 * sees the same rows. Expired rows read as missing and are swept every few minutes.
 * Clients are not stored here: they are the OidcClient rows administrators manage (clientAdapter).
 */

const SWEEP_EVERY_MS = 5 * 60_000;
let lastSweep = 0;

/** Deletes expired rows (at most every few minutes per process; also called by tests). */
export async function sweepExpiredOidcRows(): Promise<number> {
  lastSweep = Date.now();
  return db.$executeRaw`DELETE FROM "OidcPayload" WHERE "expiresAt" < now()`;
}

function maybeSweep() {
  if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = Date.now();
  sweepExpiredOidcRows().catch((error) => console.error("Sweeping expired OpenID Connect rows failed", error));
}

type Row = { payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null };

function live(row: Row | null): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

const SELECT = { payload: true, expiresAt: true, consumedAt: true } as const;

export class PostgresAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    maybeSweep();
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = {
      payload: payload as Prisma.InputJsonValue,
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      accountId: payload.accountId ?? null,
      expiresAt,
    };
    await db.oidcPayload.upsert({
      where: { kind_id: { kind: this.kind, id } },
      create: { kind: this.kind, id, ...data },
      update: data,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return live(await db.oidcPayload.findUnique({ where: { kind_id: { kind: this.kind, id } }, select: SELECT }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return live(await db.oidcPayload.findFirst({ where: { kind: this.kind, uid }, select: SELECT }));
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined; // the device flow is not enabled
  }

  async consume(id: string): Promise<void> {
    await db.oidcPayload.updateMany({ where: { kind: this.kind, id }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await db.oidcPayload.deleteMany({ where: { kind: this.kind, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db.oidcPayload.deleteMany({ where: { grantId } });
  }
}

// The secret a client presented on this request (Basic header or form body), set by the route.
const presented = new AsyncLocalStorage<{ clientSecret?: string }>();
// What a confidential client's metadata says its secret is when the presented one does not match
// its hash: a random value of this process, which nobody can present.
const MISMATCH = `mismatch-${randomBytes(32).toString("base64url")}`;

/** Runs the provider's handling of one request, knowing the client secret it presents. */
export function withPresentedSecret<T>(clientSecret: string | undefined, work: () => Promise<T>): Promise<T> {
  return presented.run({ clientSecret }, work);
}

export function hashClientSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

function secretMatches(secret: string | undefined, hash: string | null): boolean {
  if (!secret || !hash) return false;
  const a = Buffer.from(hashClientSecret(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client metadata that oidc-provider understands, plus Gatehouse's own (extraClientMetadata). */
export interface GatehouseClientMetadata {
  client_id: string;
  client_name: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  gatehouse_application_id: string;
  gatehouse_stage_id: string;
  gatehouse_assignment_required: boolean;
  gatehouse_third_party: boolean;
  gatehouse_token_ttl: number;
}

/**
 * Clients come from OidcClient. Secrets are stored only as hashes, so the provider is told the
 * secret the request presents when it matches the hash (and an unguessable value otherwise);
 * the provider's own constant-time comparison then decides, as for any stored secret.
 */
export const clientAdapter: Adapter = {
  async find(clientId: string) {
    const row = await db.oidcClient.findUnique({ where: { clientId } });
    if (!row) return undefined;
    const confidential = row.type === "CONFIDENTIAL";
    const secret = presented.getStore()?.clientSecret;
    const metadata: GatehouseClientMetadata = {
      client_id: row.clientId,
      client_name: row.name,
      redirect_uris: row.redirectUris,
      post_logout_redirect_uris: row.postLogoutRedirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
      ...(confidential ? { client_secret: secretMatches(secret, row.secretHash) ? secret : MISMATCH } : {}),
      ...(row.backchannelLogoutUri
        ? { backchannel_logout_uri: row.backchannelLogoutUri, backchannel_logout_session_required: true }
        : {}),
      gatehouse_application_id: row.applicationId,
      gatehouse_stage_id: row.stageId,
      gatehouse_assignment_required: row.assignmentRequired,
      gatehouse_third_party: row.thirdParty,
      gatehouse_token_ttl: row.tokenTtl,
    };
    return metadata as unknown as AdapterPayload;
  },
  async upsert() {
    throw new Error("Sign-in clients are managed in Gatehouse, not through the provider.");
  },
  async findByUid() {
    return undefined;
  },
  async findByUserCode() {
    return undefined;
  },
  async consume() {},
  async destroy() {},
  async revokeByGrantId() {},
};
