import "server-only";
import type { Permission } from "@/lib/access/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { createGroupSchema, groupSortSchema, updateGroupSchema } from "@/lib/schemas/groups";
import { pageSchema, type Page, type PageInput } from "@/lib/schemas/common";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { invalid, notFound } from "./errors";
import { assertMayGrant } from "./grant-guard";
import { bumpUsersLosingThrough, groupChangeImpact, type Impact } from "./impact";
import { parse } from "./parse";
import { accessWrite, anyHoldsAdmin, bumpAccessVersion, lockAdminRemoval } from "./write";

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
}
export interface GroupDto extends GroupRowDto {
  createdAt: Date;
  updatedAt: Date;
}

const nameTaken = (name: string) => ({ message: `A group named ${name} already exists.`, field: "name" });

const SORTS: Record<string, Prisma.Sql> = {
  name: Prisma.sql`g."nameKey" ASC, g."id" ASC`,
  "-name": Prisma.sql`g."nameKey" DESC, g."id" DESC`,
  members: Prisma.sql`"memberCount" ASC, g."nameKey" ASC, g."id" ASC`,
  "-members": Prisma.sql`"memberCount" DESC, g."nameKey" ASC, g."id" ASC`,
  created: Prisma.sql`g."createdAt" ASC, g."id" ASC`,
  "-created": Prisma.sql`g."createdAt" DESC, g."id" DESC`,
};

export async function listGroups(actor: Actor, input: PageInput & { sort?: string }): Promise<Page<GroupRowDto>> {
  authorize(actor, "groups:read");
  const { q, page, pageSize } = parse(pageSchema, input);
  const sort = groupSortSchema.parse(input.sort);
  const where = q ? Prisma.sql`WHERE g."nameKey" LIKE ${`%${escapeLike(q.toLowerCase())}%`}` : Prisma.empty;
  const [rows, totals] = await Promise.all([
    db.$queryRaw<(Omit<GroupRowDto, "roles" | "memberCount"> & { memberCount: bigint })[]>`
      SELECT g."id", g."name", g."description",
        (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id") AS "memberCount"
      FROM "Group" g ${where}
      ORDER BY ${SORTS[sort]}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "Group" g ${where}`,
  ]);
  const roles = await rolesOfGroups(rows.map((row) => row.id));
  const total = Number(totals[0]?.total ?? 0);
  return {
    items: rows.map((row) => ({ ...row, memberCount: Number(row.memberCount), roles: roles.get(row.id) ?? [] })),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

async function rolesOfGroups(groupIds: string[]): Promise<Map<string, GroupRoleDto[]>> {
  const rows = await db.groupRole.findMany({
    where: { groupId: { in: groupIds } },
    select: {
      groupId: true,
      role: { select: { id: true, key: true, name: true, application: { select: { key: true, name: true } } } },
    },
    orderBy: [{ role: { application: { name: "asc" } } }, { role: { name: "asc" } }],
  });
  const byGroup = new Map<string, GroupRoleDto[]>();
  for (const { groupId, role } of rows) {
    const list = byGroup.get(groupId) ?? [];
    list.push({
      id: role.id,
      key: role.key,
      name: role.name,
      applicationKey: role.application.key,
      applicationName: role.application.name,
    });
    byGroup.set(groupId, list);
  }
  return byGroup;
}

export async function getGroup(actor: Actor, groupId: string): Promise<GroupDto> {
  authorize(actor, "groups:read");
  if (!isUuid(groupId)) throw notFound("The group");
  const group = await db.group.findUnique({
    where: { id: groupId },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      _count: { select: { members: true } },
    },
  });
  if (!group) throw notFound("The group");
  const roles = await rolesOfGroups([groupId]);
  const { _count, ...rest } = group;
  return { ...rest, memberCount: _count.members, roles: roles.get(groupId) ?? [] };
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
      await assertMayGrant(tx, actor, data.roleIds);
      const [roles, users] = await Promise.all([
        tx.role.findMany({ where: { id: { in: data.roleIds } }, select: { id: true, name: true } }),
        tx.user.findMany({ where: { id: { in: data.memberIds } }, select: { id: true, username: true } }),
      ]);
      if (roles.length !== data.roleIds.length) throw invalid("One of the roles no longer exists.");
      if (users.length !== data.memberIds.length) throw invalid("One of the users no longer exists.");
      const group = await tx.group.create({
        data: { name: data.name, nameKey: data.name.toLowerCase(), description: data.description },
        select: { id: true, name: true },
      });
      await tx.groupRole.createMany({
        data: roles.map((role) => ({ groupId: group.id, roleId: role.id, createdById: actor.id })),
      });
      await tx.membership.createMany({
        data: users.map((user) => ({ groupId: group.id, userId: user.id, createdById: actor.id })),
      });
      await bumpAccessVersion(tx, roles.length > 0 ? users.map((u) => u.id) : []);
      const target = { targetType: "group" as const, targetId: group.id, targetName: group.name };
      await recordAudit(tx, actor, [
        {
          ...target,
          action: "group.created",
          summary: `${actor.username} created group ${group.name}`,
          after: { name: data.name, description: data.description },
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

export async function updateGroup(actor: Actor, groupId: string, input: unknown): Promise<void> {
  authorize(actor, "groups:write");
  const data = parse(updateGroupSchema, input);
  await accessWrite(
    actor,
    "groups:write",
    async (tx) => {
      const before = await lockGroup(tx, groupId);
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
        summary:
          before.name === data.name
            ? `${actor.username} updated the description of group ${data.name}`
            : `${actor.username} renamed group ${before.name} to ${data.name}`,
        before: { name: before.name, description: before.description },
        after: { name: data.name, description: data.description },
      });
    },
    { uniqueConflict: nameTaken(data.name), locks: { groups: isUuid(groupId) ? [groupId] : [] } },
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
      const group = await lockGroup(tx, groupId);
      if (await anyHoldsAdmin(tx, [groupId])) await lockAdminRemoval(tx);
      const memberCount = await tx.membership.count({ where: { groupId } });
      const roles = await tx.groupRole.findMany({ where: { groupId }, select: { role: { select: { name: true } } } });
      const losing = await bumpUsersLosingThrough(tx, { groupId });
      // Memberships and group roles go with the group (ON DELETE CASCADE): rule 7.
      await tx.group.delete({ where: { id: groupId } });
      await recordAudit(tx, actor, {
        action: "group.deleted",
        targetType: "group",
        targetId: groupId,
        targetName: group.name,
        summary: `${actor.username} deleted group ${group.name} (${plural(memberCount, "member")}, ${losing} lost access)`,
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
export async function lockGroup(tx: Tx, groupId: string) {
  if (!isUuid(groupId)) throw notFound("The group");
  const group = await tx.group.findUnique({
    where: { id: groupId },
    select: { id: true, name: true, description: true },
  });
  if (!group) throw notFound("The group");
  return group;
}

export function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** For pickers: groups by name, optionally leaving out those a user is already in. */
export async function searchGroups(
  actor: Actor,
  query: string,
  options: { notContainingUserId?: string; limit?: number } = {},
): Promise<{ id: string; name: string; description: string }[]> {
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
    select: { id: true, name: true, description: true },
  });
}
