import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { MAX_MEMBERS } from "@/lib/schemas/common";
import { scimInvalid } from "@/lib/scim/errors";
import type { MemberStep } from "@/lib/scim/patch";
import { isUuid, type Actor } from "../actor";
import type { Tx } from "../db";
import { assertMayGrantGroup } from "../grant-guard";
import { anyHoldsAdmin, lockAdminRemoval } from "../write";

/**
 * Runs a group's member steps inside the caller's access write (group locked). Each step is one
 * set-based statement whatever its size, so 10,000 members go in one statement, atomically.
 * Every id must be a user: a group id is refused (Gatehouse groups hold users, not groups), an
 * unknown id too, and then nothing of the request is applied.
 */
export async function applyMemberSteps(
  tx: Tx,
  actor: Actor,
  group: { id: string; name: string },
  steps: readonly MemberStep[],
): Promise<{ added: number; removed: number }> {
  let added = 0;
  let removed = 0;
  const ids = steps.flatMap((step) => ("ids" in step ? step.ids : []));
  if (ids.length > MAX_MEMBERS)
    throw scimInvalid(`At most ${MAX_MEMBERS.toLocaleString("en")} members in one request.`, "tooMany");
  await assertUsers(tx, ids);
  const adds = steps.some((step) => step.kind === "add" || (step.kind === "replace" && step.ids.length > 0));
  if (adds) await assertMayGrantGroup(tx, actor, group.id);
  if (steps.some((step) => step.kind !== "add") && (await anyHoldsAdmin(tx, [group.id]))) await lockAdminRemoval(tx);
  for (const step of steps) {
    const unique = "ids" in step ? [...new Set(step.ids.map((id) => id.toLowerCase()))] : [];
    if (step.kind === "add") added += await addMembers(tx, actor, group, unique);
    else if (step.kind === "remove") removed += await removeMembers(tx, actor, group, { only: unique });
    else if (step.kind === "clear") removed += await removeMembers(tx, actor, group, { only: null });
    else {
      removed += await removeMembers(tx, actor, group, { except: unique });
      added += await addMembers(tx, actor, group, unique);
    }
  }
  // meta.version of the group follows its members: the member count's trigger moves its updatedAt.
  return { added, removed };
}

async function assertUsers(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  const notId = ids.find((id: unknown) => !isUuid(id));
  if (notId !== undefined) throw scimInvalid(`No user has the id ${JSON.stringify(notId.slice(0, 100))}.`);
  const missing = await tx.$queryRaw<{ id: string; isGroup: boolean }[]>`
    SELECT x.id::text AS id, EXISTS (SELECT 1 FROM "Group" g WHERE g."id" = x.id) AS "isGroup"
    FROM unnest(${ids}::uuid[]) AS x(id)
    WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x.id)
    LIMIT 5`;
  const group = missing.find((row) => row.isGroup);
  if (group) {
    throw scimInvalid(
      `${group.id} is a group: Gatehouse groups contain users only (nested groups are not supported).`,
      "invalidValue",
    );
  }
  if (missing.length > 0) throw scimInvalid(`No user has the id ${missing.map((row) => row.id).join(", ")}.`);
}

/** Adds users (SCIM source: the acting API token, shown as "via SCIM (token name)"); an existing membership gains SCIM as a source. Returns how many were new. */
async function addMembers(tx: Tx, actor: Actor, group: { id: string; name: string }, ids: string[]) {
  if (ids.length === 0) return 0;
  const [row] = await tx.$queryRaw<{ added: bigint }[]>`
    WITH upserted AS (
      INSERT INTO "Membership" ("groupId", "userId", "createdById", "manual", "scim", "scimTokenId")
      SELECT ${group.id}::uuid, u."id", ${actor.id}::uuid, false, true, ${actor.token?.id ?? null}::uuid
      FROM "User" u WHERE u."id" = ANY(${ids}::uuid[])
      ON CONFLICT ("groupId", "userId") DO UPDATE SET "scim" = true, "scimTokenId" = EXCLUDED."scimTokenId"
        WHERE NOT "Membership"."scim" OR "Membership"."scimTokenId" IS DISTINCT FROM EXCLUDED."scimTokenId"
      RETURNING "userId", (xmax = 0) AS "isNew"
    ), audit AS (
      INSERT INTO "AuditEvent"
        ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName",
         "stageId", "stageName", "summary")
      SELECT ${actor.id}::uuid, ${actor.username}, 'group.member_added', 'group', ${group.id}, ${group.name},
        u."id"::text, u."username", st."stageId", st."stageName",
        ${actor.username} || ' added ' || u."username" || ' to group ' || ${group.name} || ' through SCIM' || ${inStage}
      FROM upserted x JOIN "User" u ON u."id" = x."userId" CROSS JOIN (${stageOf(group.id)}) st
      WHERE x."isNew" ORDER BY u."username"
      RETURNING 1
    )
    SELECT count(*) FILTER (WHERE "isNew") AS added FROM upserted`;
  return Number(row?.added ?? 0);
}

async function removeMembers(
  tx: Tx,
  actor: Actor,
  group: { id: string; name: string },
  which: { only: string[] | null } | { except: string[] },
) {
  const condition =
    "except" in which
      ? Prisma.sql`NOT (m."userId" = ANY(${which.except}::uuid[]))`
      : which.only === null
        ? Prisma.sql`TRUE`
        : Prisma.sql`m."userId" = ANY(${which.only}::uuid[])`;
  if ("only" in which && which.only?.length === 0) return 0;
  const [row] = await tx.$queryRaw<{ removed: bigint }[]>`
    WITH removed AS (
      DELETE FROM "Membership" m USING "User" u
      WHERE m."groupId" = ${group.id}::uuid AND u."id" = m."userId" AND ${condition}
      RETURNING m."userId", u."username"
    ), audit AS (
      INSERT INTO "AuditEvent"
        ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName",
         "stageId", "stageName", "summary")
      SELECT ${actor.id}::uuid, ${actor.username}, 'group.member_removed', 'group', ${group.id}, ${group.name},
        r."userId"::text, r."username", st."stageId", st."stageName",
        ${actor.username} || ' removed ' || r."username" || ' from group ' || ${group.name} || ' through SCIM' || ${inStage}
      FROM removed r CROSS JOIN (${stageOf(group.id)}) st ORDER BY r."username"
      RETURNING 1
    )
    SELECT count(*) AS removed FROM removed`;
  return Number(row?.removed ?? 0);
}

/** " in <stage>" when there is more than one stage, as the screens' summaries say it. */
const inStage = Prisma.sql`CASE WHEN (SELECT count(*) FROM "Stage") > 1 THEN ' in ' || st."stageName" ELSE '' END`;

/** The group's stage, for its membership audit rows (as the screens record them). */
function stageOf(groupId: string) {
  return Prisma.sql`SELECT g."stageId"::text AS "stageId", s."name" AS "stageName"
    FROM "Group" g JOIN "Stage" s ON s."id" = g."stageId" WHERE g."id" = ${groupId}::uuid`;
}
