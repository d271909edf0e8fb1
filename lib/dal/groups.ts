import "server-only";
import { cache } from "react";
import { count } from "@/lib/text/plural";
import type { Permission } from "@/lib/access/permissions";
import { inStage } from "@/lib/access/stages";
import { Prisma } from "@/lib/generated/prisma/client";
import { createGroupSchema, groupSortSchema, updateGroupSchema } from "@/lib/schemas/groups";
import { listSchema, type ListInput } from "@/lib/schemas/common";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { invalid, notFound } from "./errors";
import { assertMayGrant } from "./grant-guard";
import { groupChangeImpact, usersLosingThrough, type Impact } from "./impact";
import { parse } from "./parse";
import { resolveStage, type StageRef } from "./stages";
import { keysetPage, parsePosition, type KeysetPage, type SortKey } from "./keyset";
import { accessWrite, anyHoldsAdmin, lockAdminRemoval } from "./write";

export interface GroupRoleDto {
  id: string;
  key: string;
  name: string;
  applicationKey: string;
  applicationName: string;
}
export interface GroupRowDto {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  roles: GroupRoleDto[];
  stage: StageRef;
}
export interface GroupDto extends GroupRowDto {
  createdAt: Date;
  updatedAt: Date;
}

/** Names are unique within a stage; with one stage, that is everywhere. */
const nameTaken = (name: string) => ({ message: `A group named ${name} already exists.`, field: "name" });

type GroupRow = Omit<GroupRowDto, "stage"> & {
  nameKey: string;
  createdAt: Date;
  stageId: string;
  stageKey: string;
  stageName: string;
  stageIsDefault: boolean;
  roles: GroupRoleDto[];
};

const byName: SortKey<GroupRow> = { sql: Prisma.sql`g."nameKey"`, type: "text", of: (g) => g.nameKey };
const byCount: SortKey<GroupRow> = { sql: Prisma.sql`g."memberCount"`, type: "bigint", of: (g) => g.memberCount };
const byCreated: SortKey<GroupRow> = { sql: Prisma.sql`g."createdAt"`, type: "timestamptz", of: (g) => g.createdAt };
const byId: SortKey<GroupRow> = { sql: Prisma.sql`g."id"`, type: "uuid", of: (g) => g.id };

/** nameKey is unique within a stage only ("Support" in two stages), so every sort ends with the id. */
const SORTS: Record<string, SortKey<GroupRow>[]> = {
  name: [byName, byId],
  "-name": [
    { ...byName, desc: true },
    { ...byId, desc: true },
  ],
  members: [byCount, byName, byId],
  "-members": [{ ...byCount, desc: true }, byName, byId],
  created: [byCreated, byId],
  "-created": [
    { ...byCreated, desc: true },
    { ...byId, desc: true },
  ],
};

/** A group's roles as a JSON array, by application then role name (the order `rolesOfGroups` gives). */
const rolesJson = Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', r."id", 'key', r."key", 'name', r."name",
    'applicationKey', a."key", 'applicationName', a."name") ORDER BY a."name", r."name", r."id"), '[]'::json)
  FROM "GroupRole" gr JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
  WHERE gr."groupId" = g."id")`;

/**
 * Groups keyset-paged on the chosen sort, member count included (a column the database keeps, see
 * the migration group_member_count). Roles are read for the rows shown only, in the same statement.
 */
export async function listGroups(
  actor: Actor,
  input: ListInput & { sort?: string; stage?: string },
): Promise<KeysetPage<GroupRowDto>> {
  authorize(actor, "groups:read");
  const { q, page, pageSize } = parse(listSchema, input);
  const sort = groupSortSchema.parse(input.sort);
  const keys = SORTS[sort]!;
  const byName = q ? Prisma.sql`g."nameKey" LIKE ${`%${escapeLike(q.toLowerCase())}%`}` : Prisma.sql`TRUE`;
  // `?stage=<key>` (an InitPlan, no extra round trip); the page checks the key against the stages.
  const filter =
    typeof input.stage === "string" && input.stage
      ? Prisma.sql`${byName} AND g."stageId" = (SELECT "id" FROM "Stage" WHERE "key" = ${input.stage})`
      : byName;
  const result = await keysetPage<GroupRow>({
    position: parsePosition(page, keys.length),
    pageSize,
    keys,
    query: (seek, order, limit) => db.$queryRaw<GroupRow[]>`
        SELECT g."id", g."name", g."description", g."nameKey", g."createdAt", g."stageId", g."memberCount",
          s."key" AS "stageKey", s."name" AS "stageName", s."isDefault" AS "stageIsDefault", ${rolesJson} AS "roles"
        FROM (SELECT g.* FROM "Group" g WHERE ${filter} AND ${seek} ORDER BY ${order} LIMIT ${limit}) g
        JOIN "Stage" s ON s."id" = g."stageId"
        ORDER BY ${order}`,
    count: async () => {
      const [row] = await db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "Group" g WHERE ${filter}`;
      return Number(row?.total ?? 0);
    },
  });
  return {
    ...result,
    items: result.items.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      memberCount: row.memberCount,
      roles: row.roles,
      stage: { id: row.stageId, key: row.stageKey, name: row.stageName, isDefault: row.stageIsDefault },
    })),
  };
}

/** The roles of some groups, by application then role name, in one query. */
async function rolesOfGroups(groupIds: string[]): Promise<Map<string, GroupRoleDto[]>> {
  const byGroup = new Map<string, GroupRoleDto[]>();
  if (groupIds.length === 0) return byGroup;
  const rows = await db.$queryRaw<(GroupRoleDto & { groupId: string })[]>`
    SELECT gr."groupId", r."id", r."key", r."name", a."key" AS "applicationKey", a."name" AS "applicationName"
    FROM "GroupRole" gr JOIN "Role" r ON r."id" = gr."roleId" JOIN "Application" a ON a."id" = r."applicationId"
    WHERE gr."groupId" = ANY(${groupIds}::uuid[])
    ORDER BY a."name", r."name", r."id"`;
  for (const { groupId, ...role } of rows) {
    const list = byGroup.get(groupId) ?? [];
    list.push(role);
    byGroup.set(groupId, list);
  }
  return byGroup;
}

/**
 * How many members a group has (0 for no such group), read once per request: the page's header
 * (getGroup) and its members list without a search (listMembers) share it. Callers authorize.
 */
export const countMembersOnce = cache(async (groupId: string): Promise<number> => {
  const [row] = await db.$queryRaw<{ memberCount: number }[]>`
    SELECT "memberCount" FROM "Group" WHERE "id" = ${groupId}::uuid`;
  return row?.memberCount ?? 0;
});

export async function getGroup(actor: Actor, groupId: string): Promise<GroupDto> {
  authorize(actor, "groups:read");
  if (!isUuid(groupId)) throw notFound("The group");
  // Three reads at once rather than one after another: for a group that does not exist, the
  // count and the roles come back empty and cost an index probe each.
  const [group, roles, memberCount] = await Promise.all([
    db.$queryRaw<Omit<GroupDto, "memberCount" | "roles">[]>`
      SELECT g."id", g."name", g."description", g."createdAt", g."updatedAt",
        json_build_object('id', s."id", 'key', s."key", 'name', s."name", 'isDefault', s."isDefault") AS "stage"
      FROM "Group" g JOIN "Stage" s ON s."id" = g."stageId" WHERE g."id" = ${groupId}::uuid`.then((rows) => rows[0]),
    rolesOfGroups([groupId]),
    countMembersOnce(groupId),
  ]);
  if (!group) throw notFound("The group");
  return { ...group, memberCount, roles: roles.get(groupId) ?? [] };
}

export async function createGroup(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "groups:write");
  const data = parse(createGroupSchema, input);
  const needed: Permission[] = ["groups:write"];
  if (data.memberIds.length > 0) needed.push("members:write");
  if (data.roleIds.length > 0) needed.push("grants:write");
  for (const permission of needed) authorize(actor, permission);
  return accessWrite(
    actor,
    needed,
    async (tx) => {
      const stage = await resolveStage(data.stageId, tx);
      await assertMayGrant(tx, actor, data.roleIds, stage);
      const [roles, users, stageCount] = await Promise.all([
        tx.role.findMany({ where: { id: { in: data.roleIds } }, select: { id: true, name: true } }),
        tx.user.findMany({ where: { id: { in: data.memberIds } }, select: { id: true, username: true } }),
        tx.stage.count(),
      ]);
      if (roles.length !== data.roleIds.length) throw invalid("One of the roles no longer exists.");
      if (users.length !== data.memberIds.length) throw invalid("One of the users no longer exists.");
      const group = await tx.group.create({
        data: { name: data.name, nameKey: data.name.toLowerCase(), description: data.description, stageId: stage.id },
        select: { id: true, name: true },
      });
      await tx.groupRole.createMany({
        data: roles.map((role) => ({ groupId: group.id, roleId: role.id, createdById: actor.id })),
      });
      await tx.membership.createMany({
        data: users.map((user) => ({ groupId: group.id, userId: user.id, createdById: actor.id })),
      });
      const target = {
        targetType: "group" as const,
        targetId: group.id,
        targetName: group.name,
        stageId: stage.id,
        stageName: stage.name,
      };
      await recordAudit(tx, actor, [
        {
          ...target,
          action: "group.created",
          summary: `${actor.username} created group ${group.name}${inStage(stage.name, stageCount)}`,
          after: { name: data.name, description: data.description, stageId: stage.id, stageName: stage.name },
        },
        ...roles.map((role) => ({
          ...target,
          action: "group.role_added" as const,
          summary: `${actor.username} added role ${role.name} to group ${group.name}`,
          after: { roleId: role.id, roleName: role.name },
        })),
        ...users.map((user) => ({
          ...target,
          action: "group.member_added" as const,
          relatedId: user.id,
          relatedName: user.username,
          summary: `${actor.username} added ${user.username} to group ${group.name}`,
        })),
      ]);
      return { id: group.id };
    },
    { uniqueConflict: nameTaken(data.name) },
  );
}

/**
 * Renames a group or edits its description. Its stage is not an input (the schema refuses one)
 * and the database refuses to change it: a group stays in the stage it was created in.
 */
export async function updateGroup(actor: Actor, groupId: string, input: unknown): Promise<void> {
  authorize(actor, "groups:write");
  const data = parse(updateGroupSchema, input);
  await accessWrite(
    actor,
    "groups:write",
    async (tx) => {
      const before = await readLockedGroup(tx, groupId);
      if (before.name === data.name && before.description === data.description) return;
      await tx.group.update({
        where: { id: groupId },
        data: { name: data.name, nameKey: data.name.toLowerCase(), description: data.description },
      });
      await recordAudit(tx, actor, {
        action: "group.updated",
        targetType: "group",
        targetId: groupId,
        targetName: data.name,
        stageId: before.stage.id,
        stageName: before.stage.name,
        summary:
          before.name === data.name
            ? `${actor.username} updated the description of group ${data.name}`
            : `${actor.username} renamed group ${before.name} to ${data.name}`,
        before: { name: before.name, description: before.description },
        after: { name: data.name, description: data.description },
      });
    },
    {
      uniqueConflict: nameTaken(data.name),
      locks: { groups: isUuid(groupId) ? [groupId] : [] },
    },
  );
}

export async function previewDeleteGroup(actor: Actor, groupId: string): Promise<Impact> {
  authorize(actor, "groups:write");
  await getGroup(actor, groupId);
  return groupChangeImpact({ groupId });
}

export async function deleteGroup(actor: Actor, groupId: string): Promise<{ name: string }> {
  authorize(actor, "groups:write");
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "groups:write",
    async (tx) => {
      const group = await readLockedGroup(tx, groupId);
      if (await anyHoldsAdmin(tx, [groupId])) await lockAdminRemoval(tx);
      const { memberCount } = group;
      const roles = await tx.groupRole.findMany({ where: { groupId }, select: { role: { select: { name: true } } } });
      const losing = (await usersLosingThrough(tx, { groupId })).length;
      // Memberships and group roles go with the group (ON DELETE CASCADE): rule 7.
      await tx.group.delete({ where: { id: groupId } });
      await recordAudit(tx, actor, {
        action: "group.deleted",
        targetType: "group",
        targetId: groupId,
        targetName: group.name,
        stageId: group.stage.id,
        stageName: group.stage.name,
        summary: `${actor.username} deleted group ${group.name} (${count(memberCount, "member")}, ${losing} lost access)`,
        before: {
          name: group.name,
          description: group.description,
          roles: roles.map((r) => r.role.name),
          memberCount,
        },
      });
      return { name: group.name };
    },
    { locks: { groups: [groupId] } },
  );
}

/** Reads a group inside an access write that holds the group's lock (see lib/dal/write.ts). */
export async function readLockedGroup(tx: Tx, groupId: string) {
  if (!isUuid(groupId)) throw notFound("The group");
  const group = await tx.group.findUnique({
    where: { id: groupId },
    select: {
      id: true,
      name: true,
      description: true,
      memberCount: true,
      stage: { select: { id: true, key: true, name: true, isDefault: true } },
    },
  });
  if (!group) throw notFound("The group");
  return group;
}

export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** For pickers: groups by name, optionally leaving out those a user is already in. */
export async function searchGroups(
  actor: Actor,
  query: string,
  options: { notContainingUserId?: string; limit?: number } = {},
): Promise<{ id: string; name: string; description: string; stage: { name: string } }[]> {
  authorize(actor, "groups:read");
  const q = String(query ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 100);
  return db.group.findMany({
    where: {
      ...(q ? { nameKey: { contains: q } } : {}),
      ...(isUuid(options.notContainingUserId) ? { members: { none: { userId: options.notContainingUserId } } } : {}),
    },
    orderBy: [{ nameKey: "asc" }, { id: "asc" }],
    take: Math.min(options.limit ?? 10, 50),
    select: { id: true, name: true, description: true, stage: { select: { name: true } } },
  });
}
