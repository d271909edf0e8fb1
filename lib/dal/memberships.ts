import "server-only";
import { inStage } from "@/lib/access/stages";
import { Prisma } from "@/lib/generated/prisma/client";
import { MAX_MEMBERS, idList, listSchema, type ListInput } from "@/lib/schemas/common";
import { memberLoginsSchema } from "@/lib/schemas/groups";
import { authorize, isUuid, type Actor } from "./actor";
import { db, type Tx } from "./db";
import { notFound } from "./errors";
import { assertMayGrantGroup, assertMayGrantGroups } from "./grant-guard";
import { countMembersOnce, escapeLike, readLockedGroup } from "./groups";
import { groupChangeImpact, type Impact } from "./impact";
import { parse } from "./parse";
import { keysetPage, parsePosition, type KeysetPage, type SortKey } from "./keyset";
import { accessWrite, anyHoldsAdmin, lockAdminRemoval } from "./write";

export interface MemberDto {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  status: "ACTIVE" | "DISABLED";
  addedAt: Date;
  addedBy: string | null;
  /** Added by hand (an administrator, or at setup). */
  manual: boolean;
  /** The identity provider that asserts this membership at sign-in, if any. */
  viaProvider: string | null;
  /** Provisioned through SCIM (issue 14), by the API token named here ("" once that token is gone). */
  viaScim: string | null;
}

const MEMBER_KEYS: SortKey<MemberDto>[] = [{ sql: Prisma.sql`u."username"`, type: "text", of: (m) => m.username }];

/** Members by username, keyset-paged: the last page of a 100k-member group costs what the first does. */
export async function listMembers(actor: Actor, groupId: string, input: ListInput): Promise<KeysetPage<MemberDto>> {
  authorize(actor, "groups:read");
  if (!isUuid(groupId)) throw notFound("The group");
  const { q, page, pageSize } = parse(listSchema, input);
  const like = `%${escapeLike(q.toLowerCase())}%`;
  const filter = q
    ? Prisma.sql`AND (u."username" LIKE ${like} OR lower(u."displayName") LIKE ${like} OR u."email" LIKE ${like})`
    : Prisma.empty;
  return keysetPage({
    position: parsePosition(page, MEMBER_KEYS.length),
    pageSize,
    keys: MEMBER_KEYS,
    // The page is cut first; who added each member and through which provider is joined for its rows only.
    query: (seek, order, limit) => db.$queryRaw<MemberDto[]>`
      SELECT u."userId", u."username", u."displayName", u."email", u."status",
        u."addedAt", adder."username" AS "addedBy", u."manual", idp."name" AS "viaProvider",
        CASE WHEN u."scim" THEN coalesce(tok."name", '') END AS "viaScim"
      FROM (
        SELECT u."id" AS "userId", u."username", u."displayName", u."email", u."status"::text AS "status",
          m."createdAt" AS "addedAt", m."createdById", m."manual", m."providerId", m."scim", m."scimTokenId"
        FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."groupId" = ${groupId}::uuid AND ${seek} ${filter}
        ORDER BY ${order} LIMIT ${limit}
      ) u
      LEFT JOIN "User" adder ON adder."id" = u."createdById"
      LEFT JOIN "IdentityProvider" idp ON idp."id" = u."providerId"
      LEFT JOIN "ApiToken" tok ON tok."id" = u."scimTokenId"
      ORDER BY ${order}`,
    // Without a search, the group's kept member count; with one, the matching members counted.
    count: async () => {
      if (!q) return countMembersOnce(groupId); // shared with getGroup on the group's page
      const [row] = await db.$queryRaw<{ total: bigint }[]>`
        SELECT count(*) AS total FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."groupId" = ${groupId}::uuid ${filter}`;
      return Number(row?.total ?? 0);
    },
  });
}

export interface AddMembersResult {
  added: string[];
  alreadyMembers: string[];
  unknown: string[];
}

const memberIds = (empty: string) => idList(empty, MAX_MEMBERS);

/** Adds users to a group by id; each member inherits the group's roles (rule 1). */
export async function addMembers(actor: Actor, groupId: string, userIdsInput: unknown): Promise<AddMembersResult> {
  authorize(actor, "members:write");
  const userIds = parse(memberIds("Pick at least one user."), userIdsInput);
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "members:write",
    async (tx) => {
      await readLockedGroup(tx, groupId);
      await assertMayGrantGroup(tx, actor, groupId);
      const { added, alreadyMembers, unknownUserIds } = await insertMemberships(
        tx,
        actor,
        [groupId],
        userIds,
        "username",
      );
      return { added, alreadyMembers, unknown: unknownUserIds };
    },
    { locks: { groups: [groupId] } },
  );
}

/** Adds members from pasted usernames or emails; reports which were added, already members, or unknown. */
export async function addMembersByLogin(actor: Actor, groupId: string, text: unknown): Promise<AddMembersResult> {
  authorize(actor, "members:write");
  const logins = parse(memberLoginsSchema, text);
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "members:write",
    async (tx) => {
      await readLockedGroup(tx, groupId);
      await assertMayGrantGroup(tx, actor, groupId);
      const users = await tx.$queryRaw<{ id: string; username: string; email: string }[]>`
        SELECT "id", "username", "email" FROM "User"
        WHERE "username" = ANY(${logins}::text[]) OR "email" = ANY(${logins}::text[])`;
      const { added, alreadyMembers } = await insertMemberships(
        tx,
        actor,
        [groupId],
        users.map((u) => u.id),
        "username",
      );
      const known = new Set(users.flatMap((u) => [u.username, u.email]));
      return { added, alreadyMembers, unknown: logins.filter((login) => !known.has(login)) };
    },
    { locks: { groups: [groupId] } },
  );
}

interface InsertResult {
  /** Usernames (one group) or group names (one user), sorted. */
  added: string[];
  alreadyMembers: string[];
  /** Requested user ids that match no user. */
  unknownUserIds: string[];
}

/**
 * Adds every user to every group (the groups locked by the caller) in one set-based statement:
 * insert, promote provider-only memberships to manual (so that the provider's sign-in sync no
 * longer removes them) and one audit row per real change. Answers with names, not rows: one row
 * back, whatever the number of members.
 */
async function insertMemberships(
  tx: Tx,
  actor: Actor,
  groupIds: readonly string[],
  userIds: readonly string[],
  nameBy: "username" | "groupName",
): Promise<InsertResult> {
  if (groupIds.length === 0 || userIds.length === 0) return { added: [], alreadyMembers: [], unknownUserIds: [] };
  const byGroupName = nameBy === "groupName";
  const [result] = await tx.$queryRaw<InsertResult[]>`
    WITH wanted AS (
      -- A sub-select, so that each pair is one primary-key probe, never a scan of all memberships.
      SELECT g."id" AS "groupId", g."name" AS "groupName", u."id" AS "userId", u."username",
        g."stageId", s."name" AS "stageName",
        (SELECT m."manual" FROM "Membership" m WHERE m."groupId" = g."id" AND m."userId" = u."id") AS "manual"
      FROM "Group" g JOIN "Stage" s ON s."id" = g."stageId" CROSS JOIN "User" u
      WHERE g."id" = ANY(${[...groupIds]}::uuid[]) AND u."id" = ANY(${[...userIds]}::uuid[])
    ), inserted AS (
      INSERT INTO "Membership" ("groupId", "userId", "createdById")
      SELECT "groupId", "userId", ${actor.id}::uuid FROM wanted WHERE "manual" IS NULL
      ON CONFLICT DO NOTHING
      RETURNING "groupId", "userId", true AS "isNew"
    ), promoted AS (
      UPDATE "Membership" m SET "manual" = true, "createdById" = ${actor.id}::uuid
      WHERE m."groupId" = ANY(${[...groupIds]}::uuid[]) AND NOT m."manual"
        AND m."userId" = ANY(ARRAY(SELECT "userId" FROM wanted WHERE "manual" = false))
      RETURNING m."groupId", m."userId", false AS "isNew"
    ), added AS (
      SELECT w."groupId", w."groupName", w."userId", w."username", w."stageId", w."stageName", c."isNew"
      FROM (SELECT * FROM inserted UNION ALL SELECT * FROM promoted) c
      JOIN wanted w ON w."groupId" = c."groupId" AND w."userId" = c."userId"
    ), audit AS (
      INSERT INTO "AuditEvent"
        ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName",
         "stageId", "stageName", "summary")
      SELECT ${actor.id}::uuid, ${actor.username}, 'group.member_added', 'group', a."groupId"::text, a."groupName",
        a."userId"::text, a."username", a."stageId"::text, a."stageName",
        ${actor.username} || ' added ' || a."username" || ' to group ' || a."groupName"
          || CASE WHEN (SELECT count(*) FROM "Stage") > 1 THEN ' in ' || a."stageName" ELSE '' END
      FROM added a ORDER BY a."groupName", a."username"
      RETURNING 1
    )
    SELECT
      coalesce(array_agg(w."name" ORDER BY w."name" COLLATE "C") FILTER (WHERE a."userId" IS NOT NULL), '{}') AS "added",
      coalesce(array_agg(w."name" ORDER BY w."name" COLLATE "C") FILTER (WHERE a."userId" IS NULL), '{}') AS "alreadyMembers",
      ARRAY(
        SELECT id::text FROM unnest(${[...userIds]}::uuid[]) AS id
        WHERE id NOT IN (SELECT "userId" FROM wanted)
      ) AS "unknownUserIds"
    FROM (SELECT *, CASE WHEN ${byGroupName} THEN "groupName" ELSE "username" END AS "name" FROM wanted) w
    LEFT JOIN added a ON a."groupId" = w."groupId" AND a."userId" = w."userId"`;
  return result!;
}

export async function previewRemoveMembers(actor: Actor, groupId: string, userIdsInput: unknown): Promise<Impact> {
  authorize(actor, "members:write");
  const userIds = parse(memberIds("Pick at least one member."), userIdsInput);
  if (!isUuid(groupId)) throw notFound("The group");
  return groupChangeImpact({ groupId, userIds });
}

/** Removes members: they lose what they inherited through this group only (rule 2). Non-members are ignored. */
export async function removeMembers(
  actor: Actor,
  groupId: string,
  userIdsInput: unknown,
): Promise<{ removed: string[]; notMembers: number }> {
  authorize(actor, "members:write");
  const userIds = parse(memberIds("Pick at least one member."), userIdsInput);
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "members:write",
    async (tx) => {
      const group = await readLockedGroup(tx, groupId);
      if (await anyHoldsAdmin(tx, [groupId])) await lockAdminRemoval(tx);
      const stageCount = await tx.stage.count();
      const removed = await tx.$queryRaw<{ username: string }[]>`
        WITH removed AS (
          DELETE FROM "Membership" m USING "User" u
          WHERE m."groupId" = ${groupId}::uuid AND m."userId" = ANY(${userIds}::uuid[]) AND u."id" = m."userId"
          RETURNING m."userId", u."username"
        ), audit AS (
          INSERT INTO "AuditEvent"
            ("actorId", "actorName", "action", "targetType", "targetId", "targetName", "relatedId", "relatedName",
             "stageId", "stageName", "summary")
          SELECT ${actor.id}::uuid, ${actor.username}, 'group.member_removed', 'group', ${groupId}, ${group.name},
            r."userId"::text, r."username", ${group.stage.id}, ${group.stage.name},
            ${actor.username} || ' removed ' || r."username" || ' from group ' || ${group.name} || ${inStage(group.stage.name, stageCount)}
          FROM removed r ORDER BY r."username"
          RETURNING 1
        )
        SELECT "username" FROM removed ORDER BY "username"`;
      return { removed: removed.map((u) => u.username), notMembers: userIds.length - removed.length };
    },
    { locks: { groups: [groupId] } },
  );
}

/** The user's side: adds one user to several groups at once, in one set-based statement. */
export async function addUserToGroups(
  actor: Actor,
  userId: string,
  groupIdsInput: unknown,
): Promise<{ added: string[]; alreadyMember: string[] }> {
  authorize(actor, "members:write");
  const groupIds = parse(idList("Pick at least one group."), groupIdsInput);
  if (!isUuid(userId)) throw notFound("The user");
  return accessWrite(
    actor,
    "members:write",
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!user) throw notFound("The user");
      const found = await tx.group.count({ where: { id: { in: groupIds } } });
      if (found !== groupIds.length) throw notFound("The group");
      await assertMayGrantGroups(tx, actor, groupIds);
      const { added, alreadyMembers } = await insertMemberships(tx, actor, groupIds, [userId], "groupName");
      return { added, alreadyMember: alreadyMembers };
    },
    { locks: { groups: groupIds } },
  );
}

export function removeUserFromGroup(actor: Actor, userId: string, groupId: string) {
  return removeMembers(actor, groupId, [userId]);
}
