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
 * grants, from the "EffectiveGrant" view) gathered in one pass with hash joins, and each
 * pair marked as kept or lost.
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
      SELECT DISTINCT e."userId", e."roleId" FROM members mb
      JOIN "EffectiveGrant" e ON e."userId" = mb."userId"
      WHERE e."groupId" IS DISTINCT FROM ${scope.groupId}::uuid AND e."roleId" IN (SELECT "roleId" FROM roles)
    )
    SELECT mb."userId", r."roleId", o."userId" IS NOT NULL AS keeps
    FROM members mb CROSS JOIN roles r
    LEFT JOIN other o ON o."userId" = mb."userId" AND o."roleId" = r."roleId"`;
}

/** Ids of users who lose at least one role through this change. */
export async function usersLosingThrough(tx: Tx, scope: GroupChangeScope): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT "userId" FROM (${touchedSql(scope)}) t WHERE NOT t.keeps`;
  return rows.map((row) => row.userId);
}

/**
 * The whole preview in one statement: the touched pairs are computed once (materialised) and
 * the per-role counts, the number of users losing, a sample of keepers and the rule-8 check all
 * read them, instead of four queries each recomputing them.
 */
export async function groupChangeImpact(scope: GroupChangeScope, client: Tx = db): Promise<Impact> {
  const [row] = await client.$queryRaw<
    { roles: RoleImpact[]; usersLosing: bigint; keepers: Impact["keepers"]; remains: boolean }[]
  >`
    WITH touched AS MATERIALIZED (${touchedSql(scope)}),
    admin_role AS (
      SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
      WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
    ),
    per_role AS (
      SELECT "roleId", count(*) FILTER (WHERE NOT keeps) AS losing, count(*) FILTER (WHERE keeps) AS keeping
      FROM touched GROUP BY "roleId"
    ),
    keepers AS (
      SELECT t."userId", u."username", r."name" AS "roleName",
        ARRAY(
          SELECT CASE WHEN e."groupId" IS NULL THEN 'direct' ELSE g."name" END
          FROM "EffectiveGrant" e LEFT JOIN "Group" g ON g."id" = e."groupId"
          WHERE e."userId" = t."userId" AND e."roleId" = t."roleId"
            AND e."groupId" IS DISTINCT FROM ${scope.groupId}::uuid
          ORDER BY e."groupId" IS NOT NULL, g."nameKey"
        ) AS via
      FROM touched t JOIN "User" u ON u."id" = t."userId" JOIN "Role" r ON r."id" = t."roleId"
      WHERE t.keeps ORDER BY u."username", r."name" LIMIT 20
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'roleId', p."roleId", 'roleName', r."name", 'applicationName', a."name",
          'losing', p.losing, 'keeping', p.keeping) ORDER BY a."name", r."name"), '[]'::json)
        FROM per_role p JOIN "Role" r ON r."id" = p."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      ) AS roles,
      (SELECT count(DISTINCT "userId") FROM touched WHERE NOT keeps) AS "usersLosing",
      (SELECT coalesce(json_agg(k), '[]'::json) FROM keepers k) AS keepers,
      NOT EXISTS (SELECT 1 FROM admin_role) OR EXISTS (
        SELECT 1 FROM "EffectiveGrant" e JOIN "User" u ON u."id" = e."userId"
        WHERE e."roleId" IN (SELECT "id" FROM admin_role) AND u."status" = 'ACTIVE'
          AND u."id" NOT IN (SELECT t."userId" FROM touched t WHERE NOT t.keeps AND t."roleId" IN (SELECT "id" FROM admin_role))
      ) AS remains`;
  return {
    usersLosing: Number(row?.usersLosing ?? 0),
    roles: (row?.roles ?? []).map((role) => ({ ...role, losing: Number(role.losing), keeping: Number(role.keeping) })),
    keepers: row?.keepers ?? [],
    removesLastAdmin: !(row?.remains ?? true),
  };
}
