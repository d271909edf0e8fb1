import "server-only";
import { count } from "@/lib/text/plural";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PORTAL_APP_KEY } from "@/lib/access/permissions";
import { pageSchema, searchSchema, type Page, type PageInput } from "@/lib/schemas/common";
import { createRoleSchema, updateRoleSchema } from "@/lib/schemas/roles";
import { authorize, isUuid, type Actor } from "./actor";
import { holdersOf } from "./applications";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { parse } from "./parse";
import { accessWrite } from "./write";

export interface RoleDto {
  id: string;
  key: string;
  name: string;
  description: string;
  applicationId: string;
  applicationKey: string;
  applicationName: string;
  builtIn: boolean;
  groupCount: number;
  directCount: number;
}
export type RoleOptionDto = Pick<RoleDto, "id" | "key" | "name" | "applicationKey" | "applicationName">;

/** Who loses what when roles are deleted: every holder, by any source (grants go with the role, rule 7). */
export interface RoleDeletionImpact {
  usersLosing: number;
  groups: { id: string; name: string; memberCount: number }[];
  directHolders: number;
  removesLastAdmin: boolean;
}

const SELECT = {
  id: true,
  key: true,
  name: true,
  description: true,
  applicationId: true,
  application: { select: { key: true, name: true, builtIn: true } },
  _count: { select: { groupRoles: true, directGrants: true } },
} as const;
type RoleRow = Prisma.RoleGetPayload<{ select: typeof SELECT }>;
const toDto = ({ application, _count, ...role }: RoleRow): RoleDto => ({
  ...role,
  applicationKey: application.key,
  applicationName: application.name,
  builtIn: application.builtIn,
  groupCount: _count.groupRoles,
  directCount: _count.directGrants,
});

const keyTaken = (key: string) => ({
  message: `This application already has a role with the key ${key}.`,
  field: "key",
});

export async function listRoles(actor: Actor, input: PageInput & { applicationId?: string }): Promise<Page<RoleDto>> {
  authorize(actor, "roles:read");
  const { q, page, pageSize } = parse(pageSchema, input);
  const where: Prisma.RoleWhereInput = {
    ...(isUuid(input.applicationId) ? { applicationId: input.applicationId } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { key: { contains: q.toLowerCase() } },
            { application: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.role.findMany({
      where,
      orderBy: [{ application: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: SELECT,
    }),
    db.role.count({ where }),
  ]);
  return { items: rows.map(toDto), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** For pickers: the first matches by role or application name. */
/**
 * For pickers. `stageId` names the stage the role will be given in: outside the default stage
 * Gatehouse's own roles are not offered (rule 11; the writes refuse them there too).
 */
export async function searchRoles(
  actor: Actor,
  query: unknown,
  limit = 20,
  options: { stageId?: string } = {},
): Promise<RoleOptionDto[]> {
  authorize(actor, "roles:read");
  const q = searchSchema.catch("").parse(query);
  const stage = isUuid(options.stageId)
    ? await db.stage.findUnique({ where: { id: options.stageId }, select: { isDefault: true } })
    : null;
  const rows = await db.role.findMany({
    where: {
      ...(stage && !stage.isDefault ? { application: { key: { not: PORTAL_APP_KEY } } } : {}),
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" as const } },
              { key: { contains: q.toLowerCase() } },
              { application: { name: { contains: q, mode: "insensitive" as const } } },
              { application: { key: { contains: q.toLowerCase() } } },
            ],
          }
        : {}),
    },
    orderBy: [{ application: { name: "asc" } }, { name: "asc" }],
    take: Math.min(Math.max(limit, 1), 50),
    select: { id: true, key: true, name: true, application: { select: { key: true, name: true } } },
  });
  return rows.map(({ application, ...role }) => ({
    ...role,
    applicationKey: application.key,
    applicationName: application.name,
  }));
}

export async function getRole(actor: Actor, roleId: string): Promise<RoleDto> {
  authorize(actor, "roles:read");
  if (!isUuid(roleId)) throw notFound("The role");
  const role = await db.role.findUnique({ where: { id: roleId }, select: SELECT });
  if (!role) throw notFound("The role");
  return toDto(role);
}

export async function createRole(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "roles:write");
  const data = parse(createRoleSchema, input);
  return accessWrite(
    actor,
    "roles:write",
    async (tx) => {
      const app = await tx.application.findUnique({
        where: { id: data.applicationId },
        select: { name: true, builtIn: true },
      });
      if (!app) throw invalid("The application no longer exists.", { applicationId: "Pick an application." });
      if (app.builtIn) throw conflict(`The roles of ${app.name} are built in.`, "applicationId");
      const role = await tx.role.create({ data, select: { id: true, name: true } });
      await recordAudit(tx, actor, {
        action: "role.created",
        targetType: "role",
        targetId: role.id,
        targetName: role.name,
        summary: `${actor.username} created role ${role.name} in ${app.name}`,
        after: data,
      });
      return { id: role.id };
    },
    { uniqueConflict: keyTaken(data.key) },
  );
}

/** Name and description can change; keys are what applications check, so they never do. */
export async function updateRole(actor: Actor, roleId: string, input: unknown): Promise<void> {
  authorize(actor, "roles:write");
  const data = parse(updateRoleSchema, input);
  await accessWrite(actor, "roles:write", async (tx) => {
    const before = await lockRole(tx, roleId);
    if (before.name === data.name && before.description === data.description) return;
    await tx.role.update({ where: { id: roleId }, data });
    await recordAudit(tx, actor, {
      action: "role.updated",
      targetType: "role",
      targetId: roleId,
      targetName: data.name,
      summary: `${actor.username} updated role ${data.name}`,
      before: { name: before.name, description: before.description },
      after: data,
    });
  });
}

export async function previewDeleteRole(actor: Actor, roleId: string): Promise<RoleDeletionImpact> {
  authorize(actor, "roles:write");
  const role = await getRole(actor, roleId);
  if (role.builtIn) throw conflict(`${role.name} is built into ${role.applicationName} and cannot be deleted.`);
  return roleDeletionImpact(db, [roleId]);
}

export async function deleteRole(actor: Actor, roleId: string): Promise<{ name: string }> {
  authorize(actor, "roles:write");
  return accessWrite(actor, "roles:write", async (tx) => {
    const role = await lockRole(tx, roleId);
    if (role.builtIn) throw conflict(`${role.name} is built in and cannot be deleted.`);
    const holders = (await holdersOf(tx, [roleId])).length;
    const groups = await tx.groupRole.count({ where: { roleId } });
    // Group roles and direct grants go with the role (ON DELETE CASCADE): rule 7.
    await tx.role.delete({ where: { id: roleId } });
    await recordAudit(tx, actor, {
      action: "role.deleted",
      targetType: "role",
      targetId: roleId,
      targetName: role.name,
      summary: `${actor.username} deleted role ${role.name} of ${role.applicationName} (held by ${count(holders, "user")} through ${count(groups, "group")} or directly)`,
      before: { key: role.key, name: role.name, description: role.description },
    });
    return { name: role.name };
  });
}

async function lockRole(tx: Tx, roleId: string) {
  if (!isUuid(roleId)) throw notFound("The role");
  const role = await tx.role.findUnique({
    where: { id: roleId },
    select: {
      id: true,
      key: true,
      name: true,
      description: true,
      application: { select: { name: true, builtIn: true } },
    },
  });
  if (!role) throw notFound("The role");
  return { ...role, applicationName: role.application.name, builtIn: role.application.builtIn };
}

export async function roleDeletionImpact(client: Tx, roleIds: string[]): Promise<RoleDeletionImpact> {
  const [holders, groups, direct] = await Promise.all([
    holdersOf(client, roleIds),
    client.$queryRaw<{ id: string; name: string; memberCount: number }[]>`
      SELECT g."id", g."name", g."memberCount"
      FROM "Group" g WHERE g."id" IN (SELECT "groupId" FROM "GroupRole" WHERE "roleId" = ANY(${roleIds}::uuid[]))
      ORDER BY g."nameKey" LIMIT 50`,
    client.directGrant.count({ where: { roleId: { in: roleIds } } }),
  ]);
  return {
    usersLosing: holders.length,
    groups,
    directHolders: direct,
    // Built-in roles (gatehouse:admin among them) cannot be deleted at all.
    removesLastAdmin: false,
  };
}
