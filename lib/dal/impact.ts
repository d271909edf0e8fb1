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
  /** The stage the change happens in (the group's; roles are lost there only, rule 11), when there are several. */
  stage: { id: string; name: string } | null;
}

/**
 * Set-based, so it scales to a group with 100k members: the members in scope, and every other
 * source those members have for the roles in scope (other groups, direct grants, from the
 * "EffectiveGrant" view), gathered in one pass with hash joins. A (member, role) pair found in
 * `other` is kept; every other pair is lost. The roles are one array (an InitPlan parameter),
 * not a subquery to join: PostgreSQL pushes `"roleId" = ANY(…)` into both branches of the view,
 * where a semi-join would make it join every grant of every user first.
 */
function scopeSql(scope: GroupChangeScope) {
  const roleFilter = scope.roleIds ? Prisma.sql`AND "roleId" = ANY(${scope.roleIds}::uuid[])` : Prisma.empty;
  const userFilter = scope.userIds ? Prisma.sql`AND "userId" = ANY(${scope.userIds}::uuid[])` : Prisma.empty;
  const roleIds = Prisma.sql`ARRAY(SELECT "roleId" FROM "GroupRole" WHERE "groupId" = ${scope.groupId}::uuid ${roleFilter})`;
  // Only sources in the group's stage keep a role (rule 11): a Production grant does not keep a QA role.
  const stageId = Prisma.sql`(SELECT "stageId" FROM "Group" WHERE "id" = ${scope.groupId}::uuid)`;
  const ctes = Prisma.sql`
    members AS (
      SELECT "userId" FROM "Membership" WHERE "groupId" = ${scope.groupId}::uuid ${userFilter}
    ), other AS (
      SELECT DISTINCT e."userId", e."roleId" FROM members mb
      JOIN "EffectiveGrant" e ON e."userId" = mb."userId"
      WHERE e."groupId" IS DISTINCT FROM ${scope.groupId}::uuid AND e."roleId" = ANY(${roleIds})
        AND e."stageId" = ${stageId}
    )`;
  return { ctes, roleIds, stageId };
}

/** Ids of users who lose at least one role through this change: they keep fewer roles than are in scope. */
export async function usersLosingThrough(tx: Tx, scope: GroupChangeScope): Promise<string[]> {
  const { ctes, roleIds } = scopeSql(scope);
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    WITH ${ctes}
    SELECT mb."userId" FROM members mb LEFT JOIN other o ON o."userId" = mb."userId"
    GROUP BY mb."userId" HAVING count(o."roleId") < cardinality(${roleIds})`;
  return rows.map((row) => row.userId);
}

/**
 * The whole preview in one statement, with no (member × role) cross product: per role, the
 * members keeping it are its rows in `other` and everyone else in scope loses it; a user loses
 * something unless they keep every role in scope.
 */
export async function groupChangeImpact(scope: GroupChangeScope, client: Tx = db): Promise<Impact> {
  const { ctes, roleIds, stageId } = scopeSql(scope);
  const [row] = await client.$queryRaw<
    {
      roles: RoleImpact[];
      usersLosing: bigint;
      keepers: Impact["keepers"];
      remains: boolean;
      stage: { id: string; name: string } | null;
    }[]
  >`
    WITH ${ctes},
    member_count AS (SELECT count(*) AS n FROM members),
    admin_role AS (
      SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
      WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
    ),
    per_role AS (
      SELECT r."roleId", count(o."userId") AS keeping FROM unnest(${roleIds}) AS r("roleId")
      LEFT JOIN other o ON o."roleId" = r."roleId" GROUP BY r."roleId"
    ),
    -- A sample of who keeps what: any 20 kept pairs, shown by username.
    keepers AS (
      SELECT t."userId", u."username", r."name" AS "roleName",
        ARRAY(
          SELECT CASE WHEN e."groupId" IS NULL THEN 'direct' ELSE g."name" END
          FROM "EffectiveGrant" e LEFT JOIN "Group" g ON g."id" = e."groupId"
          WHERE e."userId" = t."userId" AND e."roleId" = t."roleId"
            AND e."groupId" IS DISTINCT FROM ${scope.groupId}::uuid AND e."stageId" = ${stageId}
          ORDER BY e."groupId" IS NOT NULL, g."nameKey"
        ) AS via
      FROM (SELECT "userId", "roleId" FROM other LIMIT 20) t
      JOIN "User" u ON u."id" = t."userId" JOIN "Role" r ON r."id" = t."roleId"
      ORDER BY u."username", r."name"
    ),
    losing_admin AS (
      SELECT mb."userId" FROM members mb
      WHERE EXISTS (SELECT 1 FROM admin_role WHERE "id" = ANY(${roleIds})) AND ${stageId} = default_stage_id()
        AND mb."userId" NOT IN (SELECT "userId" FROM other WHERE "roleId" IN (SELECT "id" FROM admin_role))
    ),
    active_admin AS (
      SELECT e."userId" FROM "EffectiveGrant" e JOIN "User" u ON u."id" = e."userId"
      WHERE e."roleId" = ANY(ARRAY(SELECT "id" FROM admin_role)) AND e."stageId" = default_stage_id()
        AND u."status" = 'ACTIVE'
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'roleId', p."roleId", 'roleName', r."name", 'applicationName', a."name",
          'losing', (SELECT n FROM member_count) - p.keeping, 'keeping', p.keeping
        ) ORDER BY a."name", r."name"), '[]'::json)
        FROM per_role p JOIN "Role" r ON r."id" = p."roleId" JOIN "Application" a ON a."id" = r."applicationId"
        WHERE (SELECT n FROM member_count) > 0
      ) AS roles,
      CASE WHEN cardinality(${roleIds}) = 0 THEN 0 ELSE (SELECT n FROM member_count) - (
        SELECT count(*) FROM (SELECT "userId" FROM other GROUP BY "userId" HAVING count(*) = cardinality(${roleIds})) k
      ) END AS "usersLosing",
      (SELECT coalesce(json_agg(k), '[]'::json) FROM keepers k) AS keepers,
      -- Named only when there are stages to tell apart (progressive disclosure).
      (SELECT json_build_object('id', s."id", 'name', s."name") FROM "Stage" s
        WHERE s."id" = ${stageId} AND (SELECT count(*) FROM "Stage") > 1) AS stage,
      -- Rule 8. Nobody losing the role (the usual case) needs only the cheap check that an administrator exists.
      NOT EXISTS (SELECT 1 FROM admin_role) OR CASE
        WHEN EXISTS (SELECT 1 FROM losing_admin)
        THEN EXISTS (SELECT 1 FROM active_admin WHERE "userId" NOT IN (SELECT "userId" FROM losing_admin))
        ELSE EXISTS (SELECT 1 FROM active_admin)
      END AS remains`;
  return {
    usersLosing: Number(row?.usersLosing ?? 0),
    roles: (row?.roles ?? []).map((role) => ({ ...role, losing: Number(role.losing), keeping: Number(role.keeping) })),
    keepers: row?.keepers ?? [],
    removesLastAdmin: !(row?.remains ?? true),
    stage: row?.stage ?? null,
  };
}
