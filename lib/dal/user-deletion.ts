import "server-only";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY } from "@/lib/access/permissions";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { forbidden, notFound } from "./errors";
import { count } from "@/lib/text/plural";
import { accessWrite, lockAdminRemoval } from "./write";

const SAMPLE = 50;

/** What deleting a user takes away, shown before it happens (like deleting a group, rule 6). */
export interface UserDeletionImpact {
  userId: string;
  username: string;
  /** The groups they leave (at most 50 named; `groupCount` is all). */
  groups: { id: string; name: string }[];
  groupCount: number;
  /** Every role they hold, with its sources; they lose them all. At most 50 named. */
  roles: { roleName: string; applicationName: string; via: string[] }[];
  roleCount: number;
  directGrantCount: number;
  identityCount: number;
  /** API tokens they created that still work: deleted with them. */
  activeTokenCount: number;
  /** The actor's own account: refused. */
  isSelf: boolean;
  /** They are the last active administrator: refused (rule 8). */
  removesLastAdmin: boolean;
}

async function impactOf(client: Tx, actor: Actor, userId: string): Promise<UserDeletionImpact> {
  const [row] = await client.$queryRaw<
    (Omit<
      UserDeletionImpact,
      "isSelf" | "groupCount" | "roleCount" | "directGrantCount" | "identityCount" | "activeTokenCount"
    > & {
      groupCount: bigint;
      roleCount: bigint;
      directGrantCount: bigint;
      identityCount: bigint;
      activeTokenCount: bigint;
    })[]
  >`
    WITH admin_role AS (
      SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
      WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
    ), held AS (
      SELECT e."roleId", r."name" AS "roleName", a."name" AS "applicationName",
        array_agg(CASE WHEN e."groupId" IS NULL THEN 'direct' ELSE g."name" END
          ORDER BY e."groupId" IS NOT NULL, g."nameKey") AS via
      FROM "EffectiveGrant" e JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      LEFT JOIN "Group" g ON g."id" = e."groupId"
      WHERE e."userId" = ${userId}::uuid
      GROUP BY e."roleId", r."name", a."name"
    )
    SELECT u."id" AS "userId", u."username",
      ARRAY(SELECT json_build_object('id', g."id", 'name', g."name") FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = u."id" ORDER BY g."nameKey" LIMIT ${SAMPLE}) AS "groups",
      (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id") AS "groupCount",
      ARRAY(SELECT json_build_object('roleName', h."roleName", 'applicationName', h."applicationName", 'via', h.via)
        FROM held h ORDER BY h."applicationName", h."roleName" LIMIT ${SAMPLE}) AS "roles",
      (SELECT count(*) FROM held) AS "roleCount",
      (SELECT count(*) FROM "DirectGrant" d WHERE d."userId" = u."id") AS "directGrantCount",
      (SELECT count(*) FROM "ExternalIdentity" x WHERE x."userId" = u."id") AS "identityCount",
      (SELECT count(*) FROM "ApiToken" t WHERE t."createdById" = u."id" AND t."revokedAt" IS NULL AND t."expiresAt" > now())
        AS "activeTokenCount",
      EXISTS (SELECT 1 FROM held WHERE "roleId" IN (SELECT "id" FROM admin_role)) AND u."status" = 'ACTIVE' AND NOT EXISTS (
        SELECT 1 FROM "EffectiveGrant" e JOIN "User" o ON o."id" = e."userId"
        WHERE e."roleId" = ANY(ARRAY(SELECT "id" FROM admin_role)) AND o."status" = 'ACTIVE' AND o."id" <> u."id"
      ) AS "removesLastAdmin"
    FROM "User" u WHERE u."id" = ${userId}::uuid`;
  if (!row) throw notFound("The user");
  return {
    ...row,
    groupCount: Number(row.groupCount),
    roleCount: Number(row.roleCount),
    directGrantCount: Number(row.directGrantCount),
    identityCount: Number(row.identityCount),
    activeTokenCount: Number(row.activeTokenCount),
    isSelf: row.userId === actor.id,
  };
}

/** The impact of deleting a user, for the confirmation (and the API's dry run). */
export async function previewDeleteUser(actor: Actor, userId: string): Promise<UserDeletionImpact> {
  authorize(actor, "users:write");
  if (!isUuid(userId)) throw notFound("The user");
  return impactOf(db, actor, userId);
}

/**
 * Deletes a user with their memberships, direct grants, linked identities and API tokens, in one
 * audited transaction. The audit log keeps their name as text (its rows have no foreign keys), and
 * each group they leave records the removal. Nobody deletes their own account, and the last
 * administrator cannot be deleted (rule 8: the write re-checks before commit).
 */
export async function deleteUser(actor: Actor, userId: string): Promise<{ username: string }> {
  authorize(actor, "users:write");
  if (!isUuid(userId)) throw notFound("The user");
  if (userId === actor.id) throw forbidden("You cannot delete your own account. Ask another administrator.");
  // The groups they leave are locked like any membership removal (each one's member count is
  // updated). One joined meanwhile starts the deletion over, twice at most; after that the cascade
  // lets it go unlocked, which can only cost a deadlock that the write retries.
  for (let attempt = 1; ; attempt++) {
    const groupIds = (await db.membership.findMany({ where: { userId }, select: { groupId: true } })).map(
      (m) => m.groupId,
    );
    const result = await deleteUserLocked(actor, userId, groupIds, attempt >= 3);
    if (result) return result;
  }
}

async function deleteUserLocked(actor: Actor, userId: string, groupIds: string[], lastAttempt: boolean) {
  return accessWrite(
    actor,
    "users:write",
    async (tx) => {
      await lockAdminRemoval(tx);
      const impact = await impactOf(tx, actor, userId);
      const user = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { username: true, email: true, displayName: true, status: true },
      });
      const left = await tx.$queryRaw<{ id: string; name: string }[]>`
        SELECT g."id", g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = ${userId}::uuid ORDER BY g."nameKey"`;
      if (!lastAttempt && left.some((group) => !groupIds.includes(group.id))) return null;
      // Memberships, direct grants, identities and tokens go with the user (ON DELETE CASCADE).
      await tx.user.delete({ where: { id: userId } });
      await recordAudit(tx, actor, [
        {
          action: "user.deleted",
          targetType: "user",
          targetId: userId,
          targetName: user.username,
          summary: `${actor.username} deleted user ${user.username} (${count(left.length, "group")}, ${count(impact.roleCount, "role")} lost)`,
          before: {
            ...user,
            groups: left.map((g) => g.name),
            roles: impact.roles.map((r) => `${r.applicationName}: ${r.roleName}`),
            directGrants: impact.directGrantCount,
            identities: impact.identityCount,
            activeTokens: impact.activeTokenCount,
          },
        },
        ...left.map((group) => ({
          action: "group.member_removed" as const,
          targetType: "group" as const,
          targetId: group.id,
          targetName: group.name,
          relatedId: userId,
          relatedName: user.username,
          summary: `${actor.username} removed ${user.username} from group ${group.name} (user deleted)`,
        })),
      ]);
      return { username: user.username };
    },
    { locks: { users: [userId], groups: groupIds } },
  );
}
