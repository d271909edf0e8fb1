import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY } from "@/lib/access/permissions";
import type { Tx } from "./db";
import { db } from "./db";

/**
 * What a change through one group takes away, computed in the database so that
 * it scales to groups with 100k members. "Touched" pairs are the (member, role)
 * pairs inherited through the group that the change removes; a pair is kept when
 * the member still holds the role directly or through another group (rule 2).
 */
export interface GroupChangeScope {
  groupId: string;
  /** Only these roles of the group (removing roles); all when absent (removing members, deleting the group). */
  roleIds?: string[];
  /** Only these members (removing members); all when absent. */
  userIds?: string[];
}

export interface RoleImpact {
  roleId: string;
  roleName: string;
  applicationName: string;
  losing: number;
  keeping: number;
}

export interface Impact {
  /** Users who lose at least one role. */
  usersLosing: number;
  roles: RoleImpact[];
  /** A sample of who keeps what, and through which source. */
  keepers: { userId: string; username: string; roleName: string; via: string[] }[];
  /** True when the change would leave no active administrator; the write will refuse it. */
  removesLastAdmin: boolean;
}

/**
 * Set-based, so it scales to a group with 100k members: the members and the roles in
 * scope, every other source those members have for those roles (other groups, direct
 * grants) gathered in one pass with hash joins, and each pair marked as kept or lost.
 */
function touchedSql(scope: GroupChangeScope) {
  const roleFilter = scope.roleIds ? Prisma.sql`AND "roleId" = ANY(${scope.roleIds}::uuid[])` : Prisma.empty;
  const userFilter = scope.userIds ? Prisma.sql`AND "userId" = ANY(${scope.userIds}::uuid[])` : Prisma.empty;
  return Prisma.sql`
    WITH members AS (
      SELECT "userId" FROM "Membership" WHERE "groupId" = ${scope.groupId}::uuid ${userFilter}
    ), roles AS (
      SELECT "roleId" FROM "GroupRole" WHERE "groupId" = ${scope.groupId}::uuid ${roleFilter}
    ), other AS (
      SELECT m2."userId", gr2."roleId" FROM members mb
      JOIN "Membership" m2 ON m2."userId" = mb."userId" AND m2."groupId" <> ${scope.groupId}::uuid
      JOIN "GroupRole" gr2 ON gr2."groupId" = m2."groupId"
      WHERE gr2."roleId" IN (SELECT "roleId" FROM roles)
      UNION
      SELECT d."userId", d."roleId" FROM "DirectGrant" d JOIN members mb ON mb."userId" = d."userId"
      WHERE d."roleId" IN (SELECT "roleId" FROM roles)
    )
    SELECT mb."userId", r."roleId", o."userId" IS NOT NULL AS keeps
    FROM members mb CROSS JOIN roles r
    LEFT JOIN other o ON o."userId" = mb."userId" AND o."roleId" = r."roleId"`;
}

/** Ids of users who lose at least one role through this change (their access version is bumped). */
export async function usersLosingThrough(tx: Tx, scope: GroupChangeScope): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT "userId" FROM (${touchedSql(scope)}) t WHERE NOT t.keeps`;
  return rows.map((row) => row.userId);
}

/** Bumps the access version of the users who lose a role through this change, in one statement; returns their number. */
export function bumpUsersLosingThrough(tx: Tx, scope: GroupChangeScope): Promise<number> {
  return tx.$executeRaw`
    UPDATE "User" SET "accessVersion" = "accessVersion" + 1
    WHERE "id" IN (SELECT "userId" FROM (${touchedSql(scope)}) t WHERE NOT t.keeps)`;
}

/**
 * Bumps, in one statement, the access version of the members of a group who do not yet hold
 * one of the given roles: they gain it when the roles are added (run it before adding them).
 */
export function bumpUsersGainingThrough(tx: Tx, groupId: string, roleIds: string[]): Promise<number> {
  return tx.$executeRaw`
    UPDATE "User" SET "accessVersion" = "accessVersion" + 1
    WHERE "id" IN (
      SELECT m."userId" FROM "Membership" m
      CROSS JOIN UNNEST(${roleIds}::uuid[]) AS r("roleId")
      WHERE m."groupId" = ${groupId}::uuid
        AND NOT EXISTS (SELECT 1 FROM "DirectGrant" d WHERE d."userId" = m."userId" AND d."roleId" = r."roleId")
        AND NOT EXISTS (
          SELECT 1 FROM "Membership" m2 JOIN "GroupRole" gr2 ON gr2."groupId" = m2."groupId"
          WHERE m2."userId" = m."userId" AND gr2."roleId" = r."roleId"))`;
}

export async function groupChangeImpact(scope: GroupChangeScope, client: Tx = db): Promise<Impact> {
  const touched = touchedSql(scope);
  const [roles, keepers, admin] = await Promise.all([
    client.$queryRaw<(Omit<RoleImpact, "losing" | "keeping"> & { losing: bigint; keeping: bigint })[]>`
      SELECT t."roleId", r."name" AS "roleName", a."name" AS "applicationName",
        count(*) FILTER (WHERE NOT t.keeps) AS losing, count(*) FILTER (WHERE t.keeps) AS keeping
      FROM (${touched}) t JOIN "Role" r ON r."id" = t."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      GROUP BY t."roleId", r."name", a."name" ORDER BY a."name", r."name"`,
    client.$queryRaw<Impact["keepers"]>`
      SELECT t."userId", u."username", r."name" AS "roleName",
        ARRAY(
          SELECT 'direct' FROM "DirectGrant" d WHERE d."userId" = t."userId" AND d."roleId" = t."roleId"
          UNION ALL
          SELECT g."name" FROM "Membership" m2
          JOIN "GroupRole" gr2 ON gr2."groupId" = m2."groupId" JOIN "Group" g ON g."id" = m2."groupId"
          WHERE m2."userId" = t."userId" AND gr2."roleId" = t."roleId" AND m2."groupId" <> ${scope.groupId}::uuid
        ) AS via
      FROM (${touched}) t JOIN "User" u ON u."id" = t."userId" JOIN "Role" r ON r."id" = t."roleId"
      WHERE t.keeps ORDER BY u."username", r."name" LIMIT 20`,
    client.$queryRaw<{ remains: boolean }[]>`
      WITH admin_role AS (
        SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
        WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
      ), losing AS (
        SELECT t."userId" FROM (${touched}) t WHERE NOT t.keeps AND t."roleId" IN (SELECT "id" FROM admin_role)
      )
      SELECT NOT EXISTS (SELECT 1 FROM admin_role) OR EXISTS (
        SELECT 1 FROM "User" u WHERE u."status" = 'ACTIVE' AND u."id" NOT IN (SELECT "userId" FROM losing) AND (
          EXISTS (SELECT 1 FROM "DirectGrant" d WHERE d."userId" = u."id" AND d."roleId" IN (SELECT "id" FROM admin_role))
          OR EXISTS (SELECT 1 FROM "Membership" m JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
                     WHERE m."userId" = u."id" AND gr."roleId" IN (SELECT "id" FROM admin_role)))
      ) AS remains`,
  ]);
  const losing = await client.$queryRaw<{ count: bigint }[]>`
    SELECT count(DISTINCT "userId") AS count FROM (${touched}) t WHERE NOT t.keeps`;
  return {
    usersLosing: Number(losing[0]?.count ?? 0),
    roles: roles.map((role) => ({ ...role, losing: Number(role.losing), keeping: Number(role.keeping) })),
    keepers,
    removesLastAdmin: !(admin[0]?.remains ?? true),
  };
}
