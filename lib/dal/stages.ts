import "server-only";
import { count } from "@/lib/text/plural";
import { cache } from "react";
import type { StageRef } from "@/lib/access/stages";
import { createStageSchema, moveStageSchema, updateStageSchema } from "@/lib/schemas/stages";
import { authenticate, authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { parse } from "./parse";
import { accessWrite } from "./write";

export type { StageRef };

export interface StageDto extends StageRef {
  description: string;
  position: number;
  groupCount: number;
  grantCount: number;
}

const STAGE_REF = { id: true, key: true, name: true, isDefault: true } as const;
const ORDER = [{ position: "asc" as const }, { id: "asc" as const }];

async function readStages(client: Tx = db): Promise<StageRef[]> {
  return client.stage.findMany({ orderBy: ORDER, select: STAGE_REF });
}
/** Every stage in display order, read once per request (pages and actions). */
export const allStages = cache(() => readStages());

/** The default stage (Production in a new installation): Gatehouse's own roles count only there. */
export async function defaultStage(client: Tx = db): Promise<StageRef> {
  const stage = await client.stage.findFirst({ where: { isDefault: true }, orderBy: ORDER, select: STAGE_REF });
  if (!stage) throw new Error("No default stage: the migration 'stages' creates one.");
  return stage;
}

/** A stage by its key (`?stage=qa`), or null. */
export async function stageByKey(key: string, client: Tx = db): Promise<StageRef | null> {
  if (typeof key !== "string" || key.length > 64) return null;
  return client.stage.findUnique({ where: { key: key.toLowerCase() }, select: STAGE_REF });
}

/**
 * The stage an input names by id, or the default stage when it names none. An unknown id is a
 * form error, not a 404: it arrives from a select.
 */
export async function resolveStage(stageId: unknown, client: Tx = db): Promise<StageRef> {
  if (stageId === undefined || stageId === null || stageId === "") return defaultStage(client);
  const stage = isUuid(stageId) ? await client.stage.findUnique({ where: { id: stageId }, select: STAGE_REF }) : null;
  if (!stage) throw invalid("That stage does not exist.", { stageId: "That stage does not exist." });
  return stage;
}

/** The stages for pickers and columns: every signed-in user may know their names. */
export async function listStageRefs(actor: Actor): Promise<StageRef[]> {
  authenticate(actor);
  // A session actor was read with the stages in the same statement as its access, in this request.
  return actor.stages ? [...actor.stages] : allStages();
}

/** The Stages screen: every stage with what uses it. */
export async function listStages(actor: Actor): Promise<StageDto[]> {
  authorize(actor, "stages:read");
  const rows = await db.stage.findMany({
    orderBy: ORDER,
    select: {
      ...STAGE_REF,
      description: true,
      position: true,
      _count: { select: { groups: true, directGrants: true } },
    },
  });
  return rows.map(({ _count, ...stage }) => ({ ...stage, groupCount: _count.groups, grantCount: _count.directGrants }));
}

export async function getStage(actor: Actor, stageId: string): Promise<StageDto> {
  authorize(actor, "stages:read");
  const stage = (await listStages(actor)).find((s) => s.id === stageId);
  if (!stage) throw notFound("The stage");
  return stage;
}

const keyTaken = (key: string) => ({ message: `A stage with the key ${key} already exists.`, field: "key" });

export async function createStage(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "stages:write");
  const data = parse(createStageSchema, input);
  return accessWrite(
    actor,
    "stages:write",
    async (tx) => {
      const [row] = await tx.$queryRaw<{ next: number }[]>`
        SELECT coalesce(max("position"), -1) + 1 AS next FROM "Stage"`;
      const next = row?.next ?? 0;
      const stage = await tx.stage.create({
        data: { key: data.key, name: data.name, description: data.description, position: Number(next) },
        select: { id: true, name: true },
      });
      await recordAudit(tx, actor, {
        action: "stage.created",
        targetType: "stage",
        targetId: stage.id,
        targetName: stage.name,
        summary: `${actor.username} created stage ${stage.name} (${data.key})`,
        after: { key: data.key, name: data.name, description: data.description },
      });
      return { id: stage.id };
    },
    { uniqueConflict: keyTaken(data.key) },
  );
}

/** Renames a stage or edits its description; its key never changes (applications ask for it by key). */
export async function updateStage(actor: Actor, stageId: string, input: unknown): Promise<void> {
  authorize(actor, "stages:write");
  const data = parse(updateStageSchema, input);
  await accessWrite(actor, "stages:write", async (tx) => {
    const before = await lockStage(tx, stageId);
    if (before.name === data.name && before.description === data.description) return;
    await tx.stage.update({ where: { id: stageId }, data: { name: data.name, description: data.description } });
    await recordAudit(tx, actor, {
      action: "stage.updated",
      targetType: "stage",
      targetId: stageId,
      targetName: data.name,
      summary:
        before.name === data.name
          ? `${actor.username} updated the description of stage ${data.name}`
          : `${actor.username} renamed stage ${before.name} to ${data.name}`,
      before: { name: before.name, description: before.description },
      after: { name: data.name, description: data.description },
    });
  });
}

/** Moves a stage one place up or down the ordered list. */
export async function moveStage(actor: Actor, input: unknown): Promise<void> {
  authorize(actor, "stages:write");
  const { stageId, direction } = parse(moveStageSchema, input);
  await accessWrite(actor, "stages:write", async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Stage" ORDER BY "id" FOR UPDATE`;
    const stages = await tx.stage.findMany({ orderBy: ORDER, select: { id: true, name: true } });
    const at = stages.findIndex((s) => s.id === stageId);
    if (at < 0) throw notFound("The stage");
    const to = direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= stages.length) return;
    [stages[at], stages[to]] = [stages[to]!, stages[at]!];
    for (const [position, stage] of stages.entries()) {
      await tx.stage.update({ where: { id: stage.id }, data: { position } });
    }
    await recordAudit(tx, actor, {
      action: "stage.moved",
      targetType: "stage",
      targetId: stageId,
      targetName: stages[to]!.name,
      summary: `${actor.username} moved stage ${stages[to]!.name} ${direction} (now ${stages.map((s) => s.name).join(", ")})`,
      after: { order: stages.map((s) => s.name) },
    });
  });
}

/** Deletes a stage nothing uses. The default stage stays; a stage in use says by how much. */
export async function deleteStage(actor: Actor, stageId: string): Promise<{ name: string }> {
  authorize(actor, "stages:write");
  return accessWrite(actor, "stages:write", async (tx) => {
    const stage = await lockStage(tx, stageId);
    if (stage.isDefault) throw conflict(`${stage.name} is the default stage and cannot be deleted.`);
    const [groups, grants, clients] = await Promise.all([
      tx.group.count({ where: { stageId } }),
      tx.directGrant.count({ where: { stageId } }),
      tx.oidcClient.count({ where: { stageId } }),
    ]);
    if (groups > 0 || grants > 0 || clients > 0) {
      const uses = [
        groups > 0 ? count(groups, "group") : "",
        grants > 0 ? count(grants, "direct grant") : "",
        clients > 0 ? count(clients, "sign-in client") : "",
      ].filter(Boolean);
      const todo = [
        groups > 0 ? "delete its groups" : "",
        grants > 0 ? "remove its direct grants" : "",
        clients > 0 ? "move or delete its sign-in clients" : "",
      ].filter(Boolean);
      throw conflict(`${stage.name} is used by ${list(uses)}. To delete it, first ${list(todo)}.`);
    }
    await tx.stage.delete({ where: { id: stageId } });
    await recordAudit(tx, actor, {
      action: "stage.deleted",
      targetType: "stage",
      targetId: stageId,
      targetName: stage.name,
      summary: `${actor.username} deleted stage ${stage.name} (${stage.key})`,
      before: { key: stage.key, name: stage.name, description: stage.description },
    });
    return { name: stage.name };
  });
}

/** Reads a stage inside a write, locking its row (a group created in it meanwhile waits, or fails its foreign key). */
async function lockStage(tx: Tx, stageId: string) {
  if (!isUuid(stageId)) throw notFound("The stage");
  const [stage] = await tx.$queryRaw<
    { id: string; key: string; name: string; description: string; isDefault: boolean }[]
  >`SELECT "id", "key", "name", "description", "isDefault" FROM "Stage" WHERE "id" = ${stageId}::uuid FOR UPDATE`;
  if (!stage) throw notFound("The stage");
  return stage;
}

/** "a", "a and b", "a, b and c". */
function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
