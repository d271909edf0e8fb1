import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { PERMISSION_LABELS, type Permission } from "@/lib/access/permissions";
import { createTokenSchema } from "@/lib/schemas/api-tokens";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db } from "./db";
import { invalid, notFound } from "./errors";
import { parse } from "./parse";
import { accessWrite } from "./write";

/** Every token starts with this, so secret scanners (and people) can recognise one. */
export const TOKEN_PREFIX = "gth_";
const HINT_LENGTH = TOKEN_PREFIX.length + 6;
const DAY_MS = 24 * 60 * 60 * 1000;

export type TokenStatus = "active" | "expired" | "revoked";

export interface TokenDto {
  id: string;
  name: string;
  /** The first characters of the secret ("gth_AbC123…"), to tell tokens apart. */
  hint: string;
  permissions: Permission[];
  createdByName: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedByName: string | null;
  status: TokenStatus;
}

/** The secret is in this answer only: it is stored as a hash and cannot be shown again. */
export interface CreatedToken {
  id: string;
  name: string;
  secret: string;
  expiresAt: Date;
}

/** SHA-256 of the whole token: the secret has 256 random bits, so a fast hash is enough to store it. */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function tokenStatus(token: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): TokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/** The audit log's name of a token acting: "token ci-sync (created by admin)". */
export function tokenActorName(name: string, createdBy: string): string {
  return `token ${name} (created by ${createdBy})`;
}

/** Every token, newest first, with who created it (tokens:read: administrators and auditors). */
export async function listTokens(actor: Actor): Promise<TokenDto[]> {
  authorize(actor, "tokens:read");
  const rows = await db.apiToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1000,
    select: {
      id: true,
      name: true,
      hint: true,
      permissions: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      revokedByName: true,
      createdBy: { select: { username: true } },
    },
  });
  const now = new Date();
  return rows.map(({ createdBy, permissions, ...row }) => ({
    ...row,
    permissions: permissions.filter((p): p is Permission => p in PERMISSION_LABELS),
    createdByName: createdBy.username,
    status: tokenStatus(row, now),
  }));
}

/**
 * Creates a token carrying some of the creator's own permissions. Returns its secret, once.
 * At every use its permissions are intersected again with the creator's current ones.
 */
export async function createToken(actor: Actor, input: unknown): Promise<CreatedToken> {
  authorize(actor, "tokens:write");
  const data = parse(createTokenSchema, input);
  const notHeld = data.permissions.filter((permission) => !actor.permissions.has(permission));
  if (notHeld.length > 0) {
    const message = `You can only give a token permissions you hold yourself (${notHeld.join(", ")}).`;
    throw invalid(message, { permissions: message });
  }
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + data.expiresInDays * DAY_MS);
  return accessWrite(actor, "tokens:write", async (tx) => {
    const token = await tx.apiToken.create({
      data: {
        name: data.name,
        hint: secret.slice(0, HINT_LENGTH),
        secretHash: hashToken(secret),
        permissions: data.permissions,
        createdById: actor.id,
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "token.created",
      targetType: "token",
      targetId: token.id,
      targetName: data.name,
      summary: `${actor.username} created API token ${data.name} (${data.permissions.join(", ")}; expires ${expiresAt.toISOString().slice(0, 10)})`,
      after: { name: data.name, permissions: data.permissions, expiresAt: expiresAt.toISOString() },
    });
    return { id: token.id, name: data.name, secret, expiresAt };
  });
}

/** Revokes a token at once: its next request gets 401 "revoked". Revoking a revoked token changes nothing. */
export async function revokeToken(actor: Actor, tokenId: string): Promise<{ name: string }> {
  authorize(actor, "tokens:write");
  if (!isUuid(tokenId)) throw notFound("The API token");
  return accessWrite(actor, "tokens:write", async (tx) => {
    const [token] = await tx.$queryRaw<{ name: string; revokedAt: Date | null }[]>`
      SELECT "name", "revokedAt" FROM "ApiToken" WHERE "id" = ${tokenId}::uuid FOR UPDATE`;
    if (!token) throw notFound("The API token");
    if (token.revokedAt) return { name: token.name };
    await tx.apiToken.update({
      where: { id: tokenId },
      data: { revokedAt: new Date(), revokedByName: actor.username },
    });
    await recordAudit(tx, actor, {
      action: "token.revoked",
      targetType: "token",
      targetId: tokenId,
      targetName: token.name,
      summary: `${actor.username} revoked API token ${token.name}`,
    });
    return { name: token.name };
  });
}
