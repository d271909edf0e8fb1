import "server-only";
import type { Permission } from "@/lib/access/permissions";
import { ScimError, scimNotFound } from "@/lib/scim/errors";
import { readScimGroup, toScimGroup, type ScimGroupRow } from "@/lib/scim/groups";
import { applyPatch, readPatchOperations, splitGroupPatch, type MemberStep } from "@/lib/scim/patch";
import { authorize, isUuid, type Actor } from "../actor";
import { recordAudit } from "../audit";
import { db, type Tx } from "../db";
import { deleteGroup } from "../groups";
import { accessWrite } from "../write";
import { groupFilter, groupOrder } from "./filter";
import type { ScimSort } from "@/lib/scim/query";
import { applyMemberSteps } from "./members";
import { assertVersion, type ScimPage } from "./users";

export interface ScimGroup extends ScimGroupRow {
  members?: { id: string; username: string }[];
}

export async function scimListGroups(
  actor: Actor,
  query: {
    filter: string | null;
    sort?: ScimSort | null;
    startIndex: number;
    count: number;
    withMembers: boolean;
  },
): Promise<ScimPage<ScimGroup>> {
  authorize(actor, "groups:read");
  const where = groupFilter(query.filter);
  const order = groupOrder(query.sort ?? null);
  const [rows, [count]] = await Promise.all([
    query.count === 0
      ? Promise.resolve([] as ScimGroupRow[])
      : db.$queryRaw<ScimGroupRow[]>`
          SELECT g."id", g."name", g."externalId", g."createdAt", g."updatedAt" FROM "Group" g WHERE ${where}
          ORDER BY ${order} LIMIT ${query.count} OFFSET ${query.startIndex - 1}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "Group" g WHERE ${where}`,
  ]);
  return { totalResults: Number(count?.total ?? 0), rows: query.withMembers ? await withMembersOfRows(rows) : rows };
}

/** The groups with these ids (a page of a search across resource types), in no particular order. */
export async function scimGroupsByIds(actor: Actor, ids: string[], withMembers: boolean): Promise<ScimGroup[]> {
  authorize(actor, "groups:read");
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<ScimGroupRow[]>`
    SELECT g."id", g."name", g."externalId", g."createdAt", g."updatedAt" FROM "Group" g
    WHERE g."id" = ANY(${ids}::uuid[])`;
  return withMembers ? withMembersOfRows(rows) : rows;
}

export async function scimGetGroup(actor: Actor, groupId: string, includeMembers = true): Promise<ScimGroup> {
  authorize(actor, "groups:read");
  return readGroupAnswer(groupId, includeMembers);
}

/** The group as a write answers it: whoever may write it sees what they wrote, without groups:read. */
async function readGroupAnswer(groupId: string, includeMembers: boolean): Promise<ScimGroup> {
  const row = await readGroup(db, groupId);
  return includeMembers ? (await withMembersOfRows([row]))[0]! : row;
}

async function readGroup(client: Tx, groupId: string): Promise<ScimGroupRow> {
  if (!isUuid(groupId)) throw scimNotFound("The group");
  const row = await client.group.findUnique({
    where: { id: groupId },
    select: { id: true, name: true, externalId: true, createdAt: true, updatedAt: true },
  });
  if (!row) throw scimNotFound("The group");
  return row;
}

async function withMembersOfRows(rows: ScimGroupRow[]): Promise<ScimGroup[]> {
  if (rows.length === 0) return rows;
  const members = await db.$queryRaw<{ groupId: string; id: string; username: string }[]>`
    SELECT m."groupId", u."id", u."username" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."groupId" = ANY(${rows.map((r) => r.id)}::uuid[]) ORDER BY u."username"`;
  const byGroup = new Map<string, { id: string; username: string }[]>();
  for (const { groupId, ...member } of members) {
    const list = byGroup.get(groupId) ?? [];
    list.push(member);
    byGroup.set(groupId, list);
  }
  return rows.map((row) => ({ ...row, members: byGroup.get(row.id) ?? [] }));
}

const taken = (name: string) => new ScimError(409, `A group named ${name} already exists.`, "uniqueness");

/** POST /Groups, with its first members if the body names some (each must be a user). */
export async function scimCreateGroup(actor: Actor, body: unknown): Promise<ScimGroup> {
  const input = readScimGroup(body);
  const needed: Permission[] = input.memberIds?.length ? ["groups:write", "members:write"] : ["groups:write"];
  for (const permission of needed) authorize(actor, permission);
  const id = await accessWrite(actor, needed, async (tx) => {
    // SCIM groups live in the default stage (the column's default), where names are unique.
    const inDefaultStage = { nameKey: input.displayName.toLowerCase(), stage: { isDefault: true } };
    if (await tx.group.findFirst({ where: inDefaultStage, select: { id: true } })) {
      throw taken(input.displayName);
    }
    const group = await tx.group.create({
      data: { name: input.displayName, nameKey: input.displayName.toLowerCase(), externalId: input.externalId },
      select: { id: true, name: true },
    });
    await recordAudit(tx, actor, {
      action: "group.created",
      targetType: "group",
      targetId: group.id,
      targetName: group.name,
      summary: `${actor.username} created group ${group.name} through SCIM`,
      after: { name: group.name, externalId: input.externalId },
    });
    if (input.memberIds?.length) {
      await applyMemberSteps(tx, actor, group, [{ kind: "add", ids: input.memberIds }]);
    }
    return group.id;
  }).catch(uniqueGroupName(input.displayName));
  return readGroupAnswer(id, true);
}

/**
 * PUT /Groups/{id}: name and externalId as given; the members become the list given. A PUT
 * without `members` leaves them alone rather than emptying the group (clients that rename by PUT).
 */
export async function scimReplaceGroup(actor: Actor, groupId: string, body: unknown, ifMatch: string | null) {
  const input = readScimGroup(body);
  const steps: MemberStep[] = input.memberIds ? [{ kind: "replace", ids: input.memberIds }] : [];
  return writeGroup(actor, groupId, ifMatch, steps, true, true, () => input);
}

/** PATCH /Groups/{id}: member steps set-based, other attributes through scim-patch; one transaction. */
export async function scimPatchGroup(
  actor: Actor,
  groupId: string,
  body: unknown,
  ifMatch: string | null,
  includeMembers = true,
) {
  const { steps, others } = splitGroupPatch(readPatchOperations(body));
  return writeGroup(actor, groupId, ifMatch, steps, others.length > 0, includeMembers, (current) => {
    if (others.length === 0) return null;
    const resource = {
      schemas: toScimGroup(current, "").schemas,
      displayName: current.name,
      externalId: current.externalId,
    };
    return readScimGroup(applyPatch(resource, others));
  });
}

async function writeGroup(
  actor: Actor,
  groupId: string,
  ifMatch: string | null,
  steps: MemberStep[],
  changesGroup: boolean,
  includeMembers: boolean,
  next: (current: ScimGroupRow) => { displayName: string; externalId: string | null } | null,
): Promise<ScimGroup> {
  if (!isUuid(groupId)) throw scimNotFound("The group");
  const needed: Permission[] = [];
  if (steps.length > 0) needed.push("members:write");
  // A PATCH of members only needs members:write; anything else about the group needs groups:write.
  if (changesGroup || needed.length === 0) needed.push("groups:write");
  for (const permission of needed) authorize(actor, permission);
  let name = "";
  await accessWrite(
    actor,
    needed,
    async (tx) => {
      const current = await readGroup(tx, groupId);
      assertVersion(ifMatch, current.updatedAt);
      name = current.name;
      const input = next(current);
      if (input && (input.displayName !== current.name || input.externalId !== current.externalId)) {
        const clash = await tx.group.findFirst({
          // Names are unique within a stage: compare with the groups of this group's stage.
          where: {
            nameKey: input.displayName.toLowerCase(),
            NOT: { id: groupId },
            stage: { groups: { some: { id: groupId } } },
          },
          select: { id: true },
        });
        if (clash) throw taken(input.displayName);
        await tx.group.update({
          where: { id: groupId },
          data: { name: input.displayName, nameKey: input.displayName.toLowerCase(), externalId: input.externalId },
        });
        name = input.displayName;
        await recordAudit(tx, actor, {
          action: "group.updated",
          targetType: "group",
          targetId: groupId,
          targetName: input.displayName,
          summary:
            input.displayName === current.name
              ? `${actor.username} updated the externalId of group ${current.name} through SCIM`
              : `${actor.username} renamed group ${current.name} to ${input.displayName} through SCIM`,
          before: { name: current.name, externalId: current.externalId },
          after: { name: input.displayName, externalId: input.externalId },
        });
      }
      await applyMemberSteps(tx, actor, { id: groupId, name }, steps);
    },
    { locks: { groups: [groupId] } },
  ).catch(uniqueGroupName(name));
  return readGroupAnswer(groupId, includeMembers);
}

/** DELETE /Groups/{id}: the same deletion as the screen's (audited, its members lose what it granted). */
export async function scimDeleteGroup(actor: Actor, groupId: string, ifMatch: string | null = null): Promise<void> {
  authorize(actor, "groups:write");
  assertVersion(ifMatch, (await readGroup(db, groupId)).updatedAt);
  await deleteGroup(actor, groupId);
}

function uniqueGroupName(name: string) {
  return (error: unknown): never => {
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002")
      throw taken(name);
    throw error;
  };
}
