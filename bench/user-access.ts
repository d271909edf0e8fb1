/**
 * Baselines of loadUserAccess (lib/dal/access.ts), hand-written against the tables (not the
 * "EffectiveGrant" view) and run as one statement.
 *
 * `rawUserAccess` returns the same answer as the function: every effective role of the user,
 * one row per stage and role with its application, `direct` and the groups it comes through
 * (ordered as the DAL orders them), the user's groups with their membership sources, and the
 * stages. `rawRolesOnly` is the baseline used until 2026-11-25, kept as a note: the role and
 * group names of every source row, with no ids, keys, stage, groups list or stages.
 */
import { isDeepStrictEqual } from "node:util";
import { loadUserAccess } from "@/lib/dal/access";
import { db } from "@/lib/dal/db";
import { Prisma } from "@/lib/generated/prisma/client";

const inStage = (column: Prisma.Sql, stageId: string | null) =>
  stageId ? Prisma.sql`AND ${column} = ${stageId}::uuid` : Prisma.empty;

export function rawUserAccess(userId: string, stageId: string | null) {
  return db.$queryRaw`
    SELECT
      (SELECT json_agg(json_build_object('id', s."id", 'key', s."key", 'name', s."name", 'isDefault', s."isDefault")
         ORDER BY s."position", s."id") FROM "Stage" s) AS stages,
      (SELECT coalesce(json_agg(json_build_object('roleId', r."id", 'key', r."key", 'name', r."name",
          'applicationKey', a."key", 'applicationName', a."name", 'claim', a."key" || ':' || r."key",
          'direct', x."direct", 'inheritedFrom', x."groups", 'stageId', x."stageId")
          ORDER BY st."position", st."id", a."name", r."name"), '[]')
        FROM (SELECT y."stageId", y."roleId", bool_or(y."groupId" IS NULL) AS "direct",
                coalesce(json_agg(json_build_object('id', y."groupId", 'name', y."groupName")
                  ORDER BY y."groupName", y."groupId") FILTER (WHERE y."groupId" IS NOT NULL), '[]') AS "groups"
              FROM (SELECT gr."roleId", g."id" AS "groupId", g."name" AS "groupName", g."stageId"
                    FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
                    JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
                    WHERE m."userId" = ${userId}::uuid ${inStage(Prisma.sql`g."stageId"`, stageId)}
                    UNION ALL
                    SELECT d."roleId", NULL, NULL, d."stageId" FROM "DirectGrant" d
                    WHERE d."userId" = ${userId}::uuid ${inStage(Prisma.sql`d."stageId"`, stageId)}) y
              GROUP BY y."stageId", y."roleId") x
        JOIN "Role" r ON r."id" = x."roleId" JOIN "Application" a ON a."id" = r."applicationId"
        JOIN "Stage" st ON st."id" = x."stageId") AS roles,
      (SELECT coalesce(json_agg(json_build_object('id', g."id", 'name', g."name", 'description', g."description",
          'joinedAt', m."createdAt", 'manual', m."manual",
          'viaProvider', (SELECT p."name" FROM "IdentityProvider" p WHERE p."id" = m."providerId"),
          'viaProviderId', m."providerId", 'stageId', g."stageId",
          'viaScim', CASE WHEN m."scim" THEN coalesce((SELECT t."name" FROM "ApiToken" t WHERE t."id" = m."scimTokenId"), '') END)
          ORDER BY g."nameKey", g."id"), '[]')
        FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = ${userId}::uuid ${inStage(Prisma.sql`g."stageId"`, stageId)}) AS groups`;
}

export function rawRolesOnly(userId: string, stageId: string | null) {
  return db.$queryRaw`SELECT r."name", a."name", g."name", false AS direct FROM "Membership" m
    JOIN "Group" g ON g."id" = m."groupId" JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
    JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
    WHERE m."userId" = ${userId}::uuid ${inStage(Prisma.sql`g."stageId"`, stageId)}
    UNION ALL
    SELECT r."name", a."name", NULL, true FROM "DirectGrant" d JOIN "Role" r ON r."id" = d."roleId"
    JOIN "Application" a ON a."id" = r."applicationId"
    WHERE d."userId" = ${userId}::uuid ${inStage(Prisma.sql`d."stageId"`, stageId)}`;
}

/** Fails the run when the baseline's answer is not the function's (times, and absent `viaScim`, normalised). */
export async function assertSameAnswer(userId: string, stageId: string | null) {
  const [raw] = (await rawUserAccess(userId, stageId)) as Record<string, unknown>[];
  const ours = await loadUserAccess(userId, stageId ? { stageId } : {});
  const normal = (access: Record<string, unknown> | undefined) => ({
    ...access,
    groups: (access?.groups as Record<string, unknown>[]).map((group) => ({
      viaScim: null,
      ...group,
      joinedAt: new Date(group.joinedAt as string).toISOString(),
    })),
  });
  if (!isDeepStrictEqual(normal(raw), normal(ours as unknown as Record<string, unknown>))) {
    throw new Error(`bench/user-access.ts: the baseline's answer differs from loadUserAccess for user ${userId}`);
  }
}
