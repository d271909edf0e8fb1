import "server-only";
import { effectiveRoles } from "@/lib/access/effective-roles";
import type { StageRef } from "@/lib/access/stages";
import type { GroupRef } from "@/lib/access/types";
import { Prisma } from "@/lib/generated/prisma/client";
import { authenticate, authorize, isUuid, type Actor } from "./actor";
import { db } from "./db";
import { notFound } from "./errors";

export interface EffectiveRoleDto {
  roleId: string;
  key: string;
  name: string;
  applicationKey: string;
  applicationName: string;
  /** `application:role` */
  claim: string;
  direct: boolean;
  inheritedFrom: GroupRef[];
  /** The stage the role is held in (rule 11): a role held in two stages is two entries. */
  stageId: string;
}
export interface UserAccessDto {
  groups: (GroupRef & {
    description: string;
    joinedAt: Date;
    manual: boolean;
    viaProvider: string | null;
    viaProviderId: string | null;
    stageId: string;
    /** Provisioned through SCIM by the API token named here ("" once that token is gone); absent otherwise. */
    viaScim?: string;
  })[];
  /** By stage (in the stages' order), then application and role name. */
  roles: EffectiveRoleDto[];
  /** Every stage, in order; screens show them only when there are two or more. */
  stages: StageRef[];
}

interface GrantRow {
  roleId: string;
  groupId: string | null;
  stageId: string;
  key: string;
  name: string;
  applicationKey: string;
  applicationName: string;
}
/** A source row as the statement sends it: an array, not an object, so its keys are not repeated in every row. */
type GrantTuple = [
  roleId: string,
  groupId: string | null,
  stageId: string,
  key: string,
  name: string,
  applicationKey: string,
  applicationName: string,
];
interface GroupRow {
  id: string;
  name: string;
  description: string;
  joinedAt: string;
  manual: boolean;
  viaProvider: string | null;
  viaProviderId: string | null;
  stageId: string;
  viaScim: string | null;
}

/**
 * A user's groups and effective roles with their sources (direct and/or each group) in every
 * stage, or in one stage when `stageId` is given, in one statement: every source row from the
 * "EffectiveGrant" view with its role's names, the groups and the stages. A source group's name
 * comes from the groups (the same snapshot and stage filter: every group a grant comes through is
 * one of them), not from a second join of "Group". Rules 1 and 3 (union, every source listed)
 * stay in the pure `effectiveRoles`, applied per stage (rule 11).
 */
export async function loadUserAccess(userId: string, options: { stageId?: string } = {}): Promise<UserAccessDto> {
  return (await readUserAccess(userId, options.stageId, false)).access;
}

/** With `checkUser`, the same statement also says whether the user exists (no separate round trip). */
async function readUserAccess(userId: string, stage: string | undefined, checkUser: boolean) {
  const onlyStage = isUuid(stage) ? stage : null;
  // One round trip: the stages (a few rows) come with the grants and groups.
  const [row] = await db.$queryRaw<
    { grants: GrantTuple[]; groups: GroupRow[]; stages: StageRef[] | null; userExists?: boolean }[]
  >`
    SELECT
      ${checkUser ? Prisma.sql`EXISTS (SELECT FROM "User" u WHERE u."id" = ${userId}::uuid) AS "userExists",` : Prisma.empty}
      (SELECT json_agg(json_build_object('id', s."id", 'key', s."key", 'name', s."name", 'isDefault', s."isDefault")
         ORDER BY s."position", s."id") FROM "Stage" s) AS stages,
      (SELECT coalesce(json_agg(json_build_array(
          e."roleId", e."groupId", e."stageId", r."key", r."name", a."key", a."name")), '[]'::json)
        FROM "EffectiveGrant" e
        JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
        WHERE e."userId" = ${userId}::uuid AND (${onlyStage}::uuid IS NULL OR e."stageId" = ${onlyStage}::uuid)) AS grants,
      (SELECT coalesce(json_agg(json_build_object(
          'id', g."id", 'name', g."name", 'description', g."description", 'joinedAt', m."createdAt",
          'manual', m."manual", 'viaProvider', (SELECT p."name" FROM "IdentityProvider" p WHERE p."id" = m."providerId"),
          'viaProviderId', m."providerId", 'stageId', g."stageId",
          'viaScim', CASE WHEN m."scim" THEN coalesce((SELECT t."name" FROM "ApiToken" t WHERE t."id" = m."scimTokenId"), '') END)
          ORDER BY g."nameKey", g."id"), '[]'::json)
        FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = ${userId}::uuid AND (${onlyStage}::uuid IS NULL OR g."stageId" = ${onlyStage}::uuid)) AS groups`;
  const stages = row?.stages ?? [];
  const groups = row?.groups ?? [];
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const byStage = new Map<string, GrantRow[]>();
  for (const [roleId, groupId, stageId, key, name, applicationKey, applicationName] of row?.grants ?? []) {
    const grant = { roleId, groupId, stageId, key, name, applicationKey, applicationName };
    const list = byStage.get(stageId) ?? [];
    list.push(grant);
    byStage.set(stageId, list);
  }
  const position = new Map(stages.map((s, i) => [s.id, i]));
  const roles = [...byStage]
    .sort(([a], [b]) => (position.get(a) ?? 0) - (position.get(b) ?? 0))
    .flatMap(([stage, grants]) => rolesInStage(stage, grants, groupNames));
  const access: UserAccessDto = {
    // viaScim only where set: a user in hundreds of groups gets no "viaScim":null per group in their page.
    groups: groups.map(({ viaScim, ...group }) => ({
      ...group,
      ...(viaScim !== null ? { viaScim } : {}),
      joinedAt: new Date(group.joinedAt),
    })),
    roles,
    stages,
  };
  return { access, userExists: row?.userExists ?? false };
}

function rolesInStage(stageId: string, grants: GrantRow[], groupNames: Map<string, string>): EffectiveRoleDto[] {
  const groupRoles = new Map<string, { id: string; name: string; roleIds: string[] }>();
  const roleById = new Map<string, GrantRow>();
  const directRoleIds: string[] = [];
  for (const grant of grants) {
    roleById.set(grant.roleId, grant);
    if (grant.groupId === null) {
      directRoleIds.push(grant.roleId);
      continue;
    }
    let group = groupRoles.get(grant.groupId);
    if (!group)
      groupRoles.set(
        grant.groupId,
        (group = { id: grant.groupId, name: groupNames.get(grant.groupId) ?? "", roleIds: [] }),
      );
    group.roleIds.push(grant.roleId);
  }
  return effectiveRoles({ directRoleIds, groups: [...groupRoles.values()] })
    .map((e) => {
      const role = roleById.get(e.roleId)!;
      return {
        roleId: e.roleId,
        key: role.key,
        name: role.name,
        applicationKey: role.applicationKey,
        applicationName: role.applicationName,
        claim: `${role.applicationKey}:${role.key}`,
        direct: e.direct,
        inheritedFrom: e.groups,
        stageId,
      };
    })
    .sort((a, b) => a.applicationName.localeCompare(b.applicationName) || a.name.localeCompare(b.name));
}

/** An administrator's view of any user's access. */
export async function getUserAccess(actor: Actor, userId: string): Promise<UserAccessDto> {
  authorize(actor, "users:read");
  if (!isUuid(userId)) throw notFound("The user");
  const { access, userExists } = await readUserAccess(userId, undefined, true);
  if (!userExists) throw notFound("The user");
  return access;
}

/** Every signed-in user may see their own access. */
export async function getMyAccess(actor: Actor, options: { stageId?: string } = {}): Promise<UserAccessDto> {
  authenticate(actor);
  return loadUserAccess(actor.id, options);
}
