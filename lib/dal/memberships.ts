import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { idList, listSchema, type ListInput } from "@/lib/schemas/common";
import { memberLoginsSchema } from "@/lib/schemas/groups";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit, type AuditEntry } from "./audit";
import { db, type Tx } from "./db";
import { notFound } from "./errors";
import { assertMayGrantGroup } from "./grant-guard";
import { escapeLike, lockGroup } from "./groups";
import { keysetPage, parsePosition, type KeysetPage, type SortKey } from "./keyset";
import { groupChangeImpact, type Impact } from "./impact";
import { parse } from "./parse";
import { accessWrite } from "./write";

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
        u."addedAt", adder."username" AS "addedBy", u."manual", idp."name" AS "viaProvider"
      FROM (
        SELECT u."id" AS "userId", u."username", u."displayName", u."email", u."status"::text AS "status",
          m."createdAt" AS "addedAt", m."createdById", m."manual", m."providerId"
        FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."groupId" = ${groupId}::uuid AND ${seek} ${filter}
        ORDER BY ${order} LIMIT ${limit}
      ) u
      LEFT JOIN "User" adder ON adder."id" = u."createdById"
      LEFT JOIN "IdentityProvider" idp ON idp."id" = u."providerId"
      ORDER BY ${order}`,
    // Without a search the count needs no user row: an index-only scan of the group's memberships.
    count: async () => {
      const [row] = q
        ? await db.$queryRaw<{ total: bigint }[]>`
            SELECT count(*) AS total FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."groupId" = ${groupId}::uuid ${filter}`
        : await db.$queryRaw<{ total: bigint }[]>`
            SELECT count(*) AS total FROM "Membership" m WHERE m."groupId" = ${groupId}::uuid`;
      return Number(row?.total ?? 0);
    },
  });
}

export interface AddMembersResult {
  added: string[];
  alreadyMembers: string[];
  unknown: string[];
}

/** Adds users to a group by id; each member inherits the group's roles (rule 1). */
export async function addMembers(actor: Actor, groupId: string, userIdsInput: unknown): Promise<AddMembersResult> {
  authorize(actor, "members:write");
  const userIds = parse(idList("Pick at least one user."), userIdsInput);
  return accessWrite(actor, "members:write", async (tx) => {
    const users = await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } });
    const result = await insertMembers(tx, actor, groupId, users);
    const found = new Set(users.map((u) => u.id));
    return { ...result, unknown: userIds.filter((id) => !found.has(id)) };
  });
}

/** Adds members from pasted usernames or emails; reports which were added, already members, or unknown. */
export async function addMembersByLogin(actor: Actor, groupId: string, text: unknown): Promise<AddMembersResult> {
  authorize(actor, "members:write");
  const logins = parse(memberLoginsSchema, text);
  return accessWrite(actor, "members:write", async (tx) => {
    const users = await tx.user.findMany({
      where: { OR: [{ username: { in: logins } }, { email: { in: logins } }] },
      select: { id: true, username: true, email: true },
    });
    const result = await insertMembers(tx, actor, groupId, users);
    const known = new Set(users.flatMap((u) => [u.username, u.email]));
    return { ...result, unknown: logins.filter((login) => !known.has(login)) };
  });
}

async function insertMembers(
  tx: Tx,
  actor: Actor,
  groupId: string,
  users: { id: string; username: string }[],
): Promise<Omit<AddMembersResult, "unknown">> {
  const group = await lockGroup(tx, groupId);
  await assertMayGrantGroup(tx, actor, groupId);
  const inserted = await tx.membership.createManyAndReturn({
    data: users.map((user) => ({ groupId, userId: user.id, createdById: actor.id })),
    skipDuplicates: true,
    select: { userId: true },
  });
  const newIds = new Set(inserted.map((row) => row.userId));
  // A member who so far was only there through an identity provider gains the manual source,
  // so that the provider's sign-in sync will no longer remove them.
  const promoted = await tx.membership.updateManyAndReturn({
    where: { groupId, userId: { in: users.filter((u) => !newIds.has(u.id)).map((u) => u.id) }, manual: false },
    data: { manual: true, createdById: actor.id },
    select: { userId: true },
  });
  const insertedIds = new Set([...newIds, ...promoted.map((row) => row.userId)]);
  const added = users.filter((u) => insertedIds.has(u.id));
  await recordAudit(
    tx,
    actor,
    added.map((user) => memberEvent("group.member_added", actor, group, user)),
  );
  return {
    added: added.map((u) => u.username).sort(),
    alreadyMembers: users
      .filter((u) => !insertedIds.has(u.id))
      .map((u) => u.username)
      .sort(),
  };
}

export async function previewRemoveMembers(actor: Actor, groupId: string, userIdsInput: unknown): Promise<Impact> {
  authorize(actor, "members:write");
  const userIds = parse(idList("Pick at least one member."), userIdsInput);
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
  const userIds = parse(idList("Pick at least one member."), userIdsInput);
  return accessWrite(actor, "members:write", async (tx) => {
    const group = await lockGroup(tx, groupId);
    const removed = await tx.$queryRaw<{ userId: string; username: string }[]>`
      DELETE FROM "Membership" m USING "User" u
      WHERE m."groupId" = ${groupId}::uuid AND m."userId" = ANY(${userIds}::uuid[]) AND u."id" = m."userId"
      RETURNING m."userId", u."username"`;
    await recordAudit(
      tx,
      actor,
      removed.map((user) => memberEvent("group.member_removed", actor, group, { id: user.userId, ...user })),
    );
    return { removed: removed.map((u) => u.username).sort(), notMembers: userIds.length - removed.length };
  });
}

/** The user's side: adds one user to several groups at once. */
export async function addUserToGroups(
  actor: Actor,
  userId: string,
  groupIdsInput: unknown,
): Promise<{ added: string[]; alreadyMember: string[] }> {
  authorize(actor, "members:write");
  const groupIds = parse(idList("Pick at least one group."), groupIdsInput);
  if (!isUuid(userId)) throw notFound("The user");
  return accessWrite(actor, "members:write", async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
    if (!user) throw notFound("The user");
    const added: string[] = [];
    const alreadyMember: string[] = [];
    for (const groupId of groupIds) {
      const result = await insertMembers(tx, actor, groupId, [user]);
      const name = (await lockGroup(tx, groupId)).name;
      (result.added.length > 0 ? added : alreadyMember).push(name);
    }
    return { added, alreadyMember };
  });
}

export function removeUserFromGroup(actor: Actor, userId: string, groupId: string) {
  return removeMembers(actor, groupId, [userId]);
}

function memberEvent(
  action: "group.member_added" | "group.member_removed",
  actor: Actor,
  group: { id: string; name: string },
  user: { id: string; username: string },
): AuditEntry {
  const verb = action === "group.member_added" ? "added" : "removed";
  const preposition = action === "group.member_added" ? "to" : "from";
  return {
    action,
    targetType: "group",
    targetId: group.id,
    targetName: group.name,
    relatedId: user.id,
    relatedName: user.username,
    summary: `${actor.username} ${verb} ${user.username} ${preposition} group ${group.name}`,
  };
}
