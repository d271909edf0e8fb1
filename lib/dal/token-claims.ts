import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { authorize, isUuid, type Actor } from "./actor";
import { db } from "./db";
import { notFound } from "./errors";
import { CLAIM_CAP } from "./request-access";

/** What a token for one application says about its user, computed fresh from the database. */
export interface TokenUser {
  id: string;
  active: boolean;
  sessionVersion: number;
  /** The user holds at least one role of the application ("assignment required" passes). */
  assigned: boolean;
  claims: Record<string, unknown>;
}

type Row = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  sessionVersion: number;
  roles: string[];
  groups: string[] | null;
  stageKey: string;
  stageIsDefault: boolean;
};

/** Where an application reads the full group list (of its client's stage) when the claim is over the cap. */
export function groupsEndpoint(stage?: { key: string; isDefault: boolean }): string {
  const inStage = stage && !stage.isDefault ? `?stage=${encodeURIComponent(stage.key)}` : "";
  return `${(process.env.AUTH_URL ?? "").replace(/\/$/, "")}/api/me/groups${inStage}`;
}

/**
 * The one definition of a token's claims (ID token, userinfo, access token), for a user and the
 * application of a sign-in client, by scope. Roles are the keys of that application's roles the
 * user holds, directly or through a group (the "EffectiveGrant" view); groups are the user's
 * group names, replaced past CLAIM_CAP by an OpenID Connect distributed-claims reference to
 * /api/me/groups (`_claim_names` / `_claim_sources`). Both in the client's stage (the default stage
 * when none is named): a membership in a Development group never yields a Production claim.
 * One statement.
 */
export async function tokenClaims(
  userId: string,
  applicationId: string,
  scopes: Iterable<string>,
  stageId?: string | null,
): Promise<TokenUser | null> {
  if (!isUuid(userId) || !isUuid(applicationId)) return null;
  if (stageId != null && !isUuid(stageId)) return null;
  const scope = new Set(scopes);
  const groupsSql = scope.has("groups")
    ? Prisma.sql`ARRAY(
        SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = u."id" AND g."stageId" = s."id" ORDER BY g."nameKey", g."id" LIMIT ${CLAIM_CAP + 1})`
    : Prisma.sql`NULL::text[]`;
  const [row] = await db.$queryRaw<Row[]>`
    SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status", u."sessionVersion",
      ARRAY(
        SELECT DISTINCT r."key" FROM "EffectiveGrant" e JOIN "Role" r ON r."id" = e."roleId"
        WHERE e."userId" = u."id" AND e."stageId" = s."id" AND r."applicationId" = ${applicationId}::uuid ORDER BY 1
      ) AS "roles",
      ${groupsSql} AS "groups",
      s."key" AS "stageKey", s."isDefault" AS "stageIsDefault"
    FROM "User" u
    JOIN "Stage" s ON s."id" = coalesce(${stageId ?? null}::uuid, default_stage_id())
    WHERE u."id" = ${userId}::uuid`;
  if (!row) return null;
  return {
    id: row.id,
    active: row.status === "ACTIVE",
    sessionVersion: row.sessionVersion,
    assigned: row.roles.length > 0,
    claims: claimsFor(row, scope),
  };
}

function claimsFor(row: Row, scope: ReadonlySet<string>): Record<string, unknown> {
  // `sub` is the user's immutable id: a rename never turns them into someone else.
  const claims: Record<string, unknown> = { sub: row.id };
  if (scope.has("profile")) Object.assign(claims, { name: row.displayName, preferred_username: row.username });
  // Gatehouse does not verify addresses itself: administrators and identity providers enter them.
  if (scope.has("email")) Object.assign(claims, { email: row.email, email_verified: false });
  if (scope.has("roles")) claims.roles = row.roles;
  if (row.groups) {
    if (row.groups.length > CLAIM_CAP) {
      claims._claim_names = { groups: "gatehouse_groups" };
      claims._claim_sources = {
        gatehouse_groups: { endpoint: groupsEndpoint({ key: row.stageKey, isDefault: row.stageIsDefault }) },
      };
    } else {
      claims.groups = row.groups;
    }
  }
  return claims;
}

/**
 * The exact claims a user would receive in an application's ID token with every scope, for the
 * administrator's preview. Reading a user's groups and roles needs users:read.
 */
export async function previewTokenClaims(actor: Actor, applicationId: string, userId: string, stageId?: string) {
  authorize(actor, "roles:read");
  authorize(actor, "users:read");
  const user = await tokenClaims(userId, applicationId, ["openid", "profile", "email", "groups", "roles"], stageId);
  if (!user) throw notFound("The user");
  return { active: user.active, assigned: user.assigned, claims: user.claims };
}
