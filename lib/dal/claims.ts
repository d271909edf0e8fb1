import "server-only";
import { isUuid } from "./actor";
import { db } from "./db";
import { CLAIM_CAP, readRequestAccess, stageAccessOf } from "./request-access";

export { CLAIM_CAP };

export interface Claims {
  /** The key of the stage these claims describe (`production` unless another was asked for). */
  stage: string;
  groups: string[];
  roles: string[];
  /** Present when a list was cut at CLAIM_CAP: read the full list from /api/me/groups or /api/me/roles. */
  overage?: { groups?: true; roles?: true };
}

const groupsSql = (userId: string, stageId: string, limit: number, offset: number) => db.$queryRaw<{ name: string }[]>`
  SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
  WHERE m."userId" = ${userId}::uuid AND g."stageId" = ${stageId}::uuid
  ORDER BY g."nameKey", g."id" LIMIT ${limit} OFFSET ${offset}`;

const rolesSql = (userId: string, stageId: string, limit: number, offset: number) => db.$queryRaw<{ claim: string }[]>`
  SELECT DISTINCT a."key" || ':' || r."key" AS "claim"
  FROM "EffectiveGrant" e
  JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
  WHERE e."userId" = ${userId}::uuid AND e."stageId" = ${stageId}::uuid
  ORDER BY 1 LIMIT ${limit} OFFSET ${offset}`;

/**
 * The user's groups and role claims in one stage (the default stage unless `stageId` names
 * another), read fresh from the database: the same one read per request that the session check
 * and the actor use (lib/dal/request-access.ts), whatever the stage.
 */
export async function loadClaims(userId: string, stageId?: string): Promise<Claims> {
  const access = isUuid(userId) ? await readRequestAccess(userId) : null;
  if (!access) return { stage: "", groups: [], roles: [] };
  const stage = stageId ? access.stages.find((s) => s.id === stageId) : access.defaultStage;
  if (!stage) return { stage: "", groups: [], roles: [] };
  const { groups, roleKeys: roles } = stageAccessOf(access, stage.id);
  const claims: Claims = { stage: stage.key, groups: groups.slice(0, CLAIM_CAP), roles: roles.slice(0, CLAIM_CAP) };
  if (groups.length > CLAIM_CAP || roles.length > CLAIM_CAP) {
    claims.overage = {
      ...(groups.length > CLAIM_CAP ? { groups: true as const } : {}),
      ...(roles.length > CLAIM_CAP ? { roles: true as const } : {}),
    };
  }
  return claims;
}

/** One page of the user's full group or role list in a stage (for /api/me/groups and /api/me/roles). */
export async function pageOfClaims(
  userId: string,
  kind: "groups" | "roles",
  page: number,
  pageSize: number,
  stageId?: string,
): Promise<{ items: string[]; page: number; pageSize: number; hasMore: boolean }> {
  const access = isUuid(userId) ? await readRequestAccess(userId) : null;
  if (!access) return { items: [], page, pageSize, hasMore: false };
  const stage = stageId ?? access.defaultStage.id;
  const offset = (page - 1) * pageSize;
  const rows =
    kind === "groups"
      ? (await groupsSql(userId, stage, pageSize + 1, offset)).map((g) => g.name)
      : (await rolesSql(userId, stage, pageSize + 1, offset)).map((r) => r.claim);
  return { items: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}
