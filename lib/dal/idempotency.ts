import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./db";

/** How long a key is remembered: a retry after a day is a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type Claim =
  | { kind: "claimed" }
  /** The same request was answered before: send that answer again. */
  | { kind: "replay"; response: StoredResponse }
  /** The key was used with another request (method, path or body). */
  | { kind: "mismatch" }
  /** The first request with this key is still running. */
  | { kind: "in-progress" };

/**
 * Claims an Idempotency-Key for a token's request, atomically: of concurrent requests with one key,
 * exactly one runs. An expired key is taken over.
 */
export async function claimIdempotencyKey(tokenId: string, key: string, requestHash: string): Promise<Claim> {
  const [row] = await db.$queryRaw<
    { claimed: boolean; requestHash: string; status: number | null; body: string | null; headers: unknown }[]
  >`
    WITH claim AS (
      INSERT INTO "IdempotencyKey" ("tokenId", "key", "requestHash") VALUES (${tokenId}::uuid, ${key}, ${requestHash})
      ON CONFLICT ("tokenId", "key") DO UPDATE
        SET "requestHash" = EXCLUDED."requestHash", "status" = NULL, "body" = NULL, "headers" = NULL, "createdAt" = now()
        WHERE "IdempotencyKey"."createdAt" < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
      RETURNING true AS claimed, "requestHash", "status", "body", "headers"
    )
    SELECT * FROM claim
    UNION ALL
    SELECT false, "requestHash", "status", "body", "headers" FROM "IdempotencyKey"
    WHERE "tokenId" = ${tokenId}::uuid AND "key" = ${key} AND NOT EXISTS (SELECT 1 FROM claim)`;
  // No row: a concurrent request inserted the key after this statement's snapshot was taken.
  if (!row) return { kind: "in-progress" };
  if (row.claimed) return { kind: "claimed" };
  if (row.requestHash !== requestHash) return { kind: "mismatch" };
  if (row.status === null || row.body === null) return { kind: "in-progress" };
  return {
    kind: "replay",
    response: { status: row.status, body: row.body, headers: (row.headers ?? {}) as Record<string, string> },
  };
}

/** Stores the answer of a claimed key, for replays. */
export async function completeIdempotencyKey(tokenId: string, key: string, response: StoredResponse) {
  await db.idempotencyKey.update({
    where: { tokenId_key: { tokenId, key } },
    data: { status: response.status, body: response.body, headers: response.headers as Prisma.InputJsonValue },
  });
}

/** The request failed on our side (5xx): the key is released, so a retry runs again. */
export async function releaseIdempotencyKey(tokenId: string, key: string) {
  await db.idempotencyKey.deleteMany({ where: { tokenId, key, status: null } });
}
