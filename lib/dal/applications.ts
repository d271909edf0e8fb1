import "server-only";
import { count } from "@/lib/text/plural";
import { Prisma } from "@/lib/generated/prisma/client";
import { pageSchema, searchSchema, type Page, type PageInput } from "@/lib/schemas/common";
import { createApplicationSchema, updateApplicationSchema } from "@/lib/schemas/roles";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, notFound } from "./errors";
import { parse } from "./parse";
import { roleDeletionImpact, type RoleDeletionImpact } from "./roles";
import { accessWrite } from "./write";

export interface ApplicationDto {
  id: string;
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  roleCount: number;
}

const keyTaken = (key: string) => ({ message: `An application with the key ${key} already exists.`, field: "key" });

export async function listApplications(actor: Actor, input: PageInput): Promise<Page<ApplicationDto>> {
  authorize(actor, "roles:read");
  const { q, page, pageSize } = parse(pageSchema, input);
  const where: Prisma.ApplicationWhereInput = q
    ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { key: { contains: q.toLowerCase() } }] }
    : {};
  const [rows, total] = await Promise.all([
    db.application.findMany({
      where,
      orderBy: [{ builtIn: "desc" }, { name: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        key: true,
        name: true,
        description: true,
        builtIn: true,
        _count: { select: { roles: true } },
      },
    }),
    db.application.count({ where }),
  ]);
  return {
    items: rows.map(({ _count, ...app }) => ({ ...app, roleCount: _count.roles })),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/** For pickers: applications matching a name or key; built-in ones own no new roles, so they can be left out. */
export async function searchApplications(actor: Actor, query: unknown, options: { editableOnly?: boolean } = {}) {
  authorize(actor, "roles:read");
  const q = searchSchema.catch("").parse(query);
  return db.application.findMany({
    where: {
      ...(options.editableOnly ? { builtIn: false } : {}),
      ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { key: { contains: q.toLowerCase() } }] } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 20,
    select: { id: true, key: true, name: true },
  });
}

export async function getApplication(actor: Actor, applicationId: string): Promise<ApplicationDto> {
  authorize(actor, "roles:read");
  if (!isUuid(applicationId)) throw notFound("The application");
  const app = await db.application.findUnique({
    where: { id: applicationId },
    select: { id: true, key: true, name: true, description: true, builtIn: true, _count: { select: { roles: true } } },
  });
  if (!app) throw notFound("The application");
  const { _count, ...rest } = app;
  return { ...rest, roleCount: _count.roles };
}

export async function createApplication(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "roles:write");
  const data = parse(createApplicationSchema, input);
  return accessWrite(
    actor,
    "roles:write",
    async (tx) => {
      const app = await tx.application.create({ data, select: { id: true, name: true } });
      await recordAudit(tx, actor, {
        action: "application.created",
        targetType: "application",
        targetId: app.id,
        targetName: app.name,
        summary: `${actor.username} created application ${app.name} (${data.key})`,
        after: data,
      });
      return { id: app.id };
    },
    { uniqueConflict: keyTaken(data.key) },
  );
}

/** Name and description can change; the key is what other systems check, so it never does. */
export async function updateApplication(actor: Actor, applicationId: string, input: unknown): Promise<void> {
  authorize(actor, "roles:write");
  const data = parse(updateApplicationSchema, input);
  await accessWrite(actor, "roles:write", async (tx) => {
    const before = await lockApplication(tx, applicationId);
    if (before.name === data.name && before.description === data.description) return;
    await tx.application.update({ where: { id: applicationId }, data });
    await recordAudit(tx, actor, {
      action: "application.updated",
      targetType: "application",
      targetId: applicationId,
      targetName: data.name,
      summary: `${actor.username} updated application ${data.name}`,
      before: { name: before.name, description: before.description },
      after: data,
    });
  });
}

export async function previewDeleteApplication(actor: Actor, applicationId: string): Promise<RoleDeletionImpact> {
  authorize(actor, "roles:write");
  const app = await getApplication(actor, applicationId);
  if (app.builtIn) throw conflict(`${app.name} is built in and cannot be deleted.`);
  const roles = await db.role.findMany({ where: { applicationId }, select: { id: true } });
  return roleDeletionImpact(
    db,
    roles.map((r) => r.id),
  );
}

/** Deletes an application with its roles; everyone holding one of them loses it. */
export async function deleteApplication(actor: Actor, applicationId: string): Promise<{ name: string }> {
  authorize(actor, "roles:write");
  return accessWrite(actor, "roles:write", async (tx) => {
    const app = await lockApplication(tx, applicationId);
    if (app.builtIn) throw conflict(`${app.name} is built in and cannot be deleted.`);
    const roles = await tx.role.findMany({ where: { applicationId }, select: { id: true, name: true } });
    const impact = await roleDeletionImpact(
      tx,
      roles.map((r) => r.id),
    );
    await tx.role.deleteMany({ where: { applicationId } });
    await tx.application.delete({ where: { id: applicationId } });
    await recordAudit(tx, actor, {
      action: "application.deleted",
      targetType: "application",
      targetId: applicationId,
      targetName: app.name,
      summary: `${actor.username} deleted application ${app.name} with ${count(roles.length, "role")} (${count(impact.usersLosing, "user")} lost access)`,
      before: { key: app.key, name: app.name, roles: roles.map((r) => r.name) },
    });
    return { name: app.name };
  });
}

async function lockApplication(tx: Tx, applicationId: string) {
  if (!isUuid(applicationId)) throw notFound("The application");
  const app = await tx.application.findUnique({
    where: { id: applicationId },
    select: { id: true, key: true, name: true, description: true, builtIn: true },
  });
  if (!app) throw notFound("The application");
  return app;
}

/** Everyone holding any of the roles, by any source. */
export async function holdersOf(tx: Tx, roleIds: string[]): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT "userId" FROM "EffectiveGrant" WHERE "roleId" = ANY(${roleIds}::uuid[])`;
  return rows.map((row) => row.userId);
}
