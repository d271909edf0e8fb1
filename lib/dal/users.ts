import "server-only";
import type { Permission } from "@/lib/access/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { listSchema, type ListInput } from "@/lib/schemas/common";
import { createUserSchema, setPasswordSchema, updateUserSchema } from "@/lib/schemas/users";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { hashPassword } from "./credentials";
import { db, type Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { assertMayGrantGroup } from "./grant-guard";
import { escapeLike } from "./groups";
import { keysetPage, parsePosition, type KeysetPage, type SortKey } from "./keyset";
import { endOidcSessions, notifyLogout } from "./oidc-sessions";
import { parse } from "./parse";
import { accessWrite, lockAdminRemoval } from "./write";

export interface UserRowDto {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: "ACTIVE" | "DISABLED";
  groupCount: number;
}
export interface UserDto extends UserRowDto {
  createdAt: Date;
  updatedAt: Date;
  hasPassword: boolean;
}

function matchUsers(q: string) {
  if (!q) return Prisma.sql`TRUE`;
  const like = `%${escapeLike(q.toLowerCase())}%`;
  return Prisma.sql`(u."username" LIKE ${like} OR lower(u."displayName") LIKE ${like} OR u."email" LIKE ${like})`;
}

type UserRow = Omit<UserRowDto, "groupCount"> & { groupCount: bigint };
const USER_KEYS: SortKey<UserRow>[] = [{ sql: Prisma.sql`u."username"`, type: "text", of: (u) => u.username }];

/** Users by username, keyset-paged; the group count is computed for the rows shown only. */
export async function listUsers(actor: Actor, input: ListInput): Promise<KeysetPage<UserRowDto>> {
  authorize(actor, "users:read");
  const { q, page, pageSize } = parse(listSchema, input);
  const where = matchUsers(q);
  const result = await keysetPage<UserRow>({
    position: parsePosition(page, USER_KEYS.length),
    pageSize,
    keys: USER_KEYS,
    query: (seek, order, limit) => db.$queryRaw<UserRow[]>`
      SELECT u.*, (SELECT count(*) FROM "Membership" m WHERE m."userId" = u."id") AS "groupCount"
      FROM (
        SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status"
        FROM "User" u WHERE ${where} AND ${seek} ORDER BY ${order} LIMIT ${limit}
      ) u
      ORDER BY ${order}`,
    count: async () => {
      const [row] = await db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "User" u WHERE ${where}`;
      return Number(row?.total ?? 0);
    },
  });
  return { ...result, items: result.items.map((row) => ({ ...row, groupCount: Number(row.groupCount) })) };
}

/** For pickers: users matching a search, optionally leaving out the members of a group. */
export async function searchUsers(actor: Actor, q: string, options: { notInGroupId?: string; limit?: number } = {}) {
  authorize(actor, "users:read");
  const query = q.trim().toLowerCase().slice(0, 100);
  const like = `${escapeLike(query)}%`;
  const notIn =
    options.notInGroupId && isUuid(options.notInGroupId)
      ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND m."groupId" = ${options.notInGroupId}::uuid)`
      : Prisma.empty;
  return db.$queryRaw<{ id: string; username: string; displayName: string; email: string }[]>`
    SELECT u."id", u."username", u."displayName", u."email" FROM "User" u
    WHERE (u."username" LIKE ${like} OR u."email" LIKE ${like} OR lower(u."displayName") LIKE ${`%${escapeLike(query)}%`}) ${notIn}
    ORDER BY u."username" LIMIT ${Math.min(options.limit ?? 10, 50)}`;
}

export async function getUser(actor: Actor, userId: string): Promise<UserDto> {
  authorize(actor, "users:read");
  if (!isUuid(userId)) throw notFound("The user");
  // One statement: the API's user lookup (bench/api.ts) and the user page (bench/http.ts) are measured against raw SQL.
  const [user] = await db.$queryRaw<(Omit<UserDto, "groupCount"> & { groupCount: number })[]>`
    SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status", u."createdAt", u."updatedAt",
      u."passwordHash" IS NOT NULL AS "hasPassword",
      (SELECT count(*)::int FROM "Membership" m WHERE m."userId" = u."id") AS "groupCount"
    FROM "User" u WHERE u."id" = ${userId}::uuid`;
  if (!user) throw notFound("The user");
  return user;
}

async function assertIdentityFree(tx: Tx, username: string | null, email: string, exceptId?: string) {
  const clash = await tx.user.findFirst({
    where: {
      OR: [...(username ? [{ username }] : []), { email }],
      ...(exceptId ? { NOT: { id: exceptId } } : {}),
    },
    select: { username: true, email: true },
  });
  if (clash && username && clash.username === username) {
    throw conflict(`The username ${username} is already taken.`, "username");
  }
  if (clash) throw conflict(`A user with the email ${email} already exists.`, "email");
}

export async function createUser(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "users:write");
  const data = parse(createUserSchema, input);
  const needed: Permission[] = data.groupIds.length > 0 ? ["users:write", "members:write"] : ["users:write"];
  for (const permission of needed) authorize(actor, permission);
  const passwordHash = await hashPassword(data.password);
  return accessWrite(
    actor,
    needed,
    async (tx) => {
      await assertIdentityFree(tx, data.username, data.email);
      const groups = await tx.group.findMany({
        where: { id: { in: data.groupIds } },
        select: { id: true, name: true },
      });
      if (groups.length !== data.groupIds.length)
        throw invalid("One of the groups no longer exists.", { groupIds: "One of the groups no longer exists." });
      for (const group of groups) await assertMayGrantGroup(tx, actor, group.id);
      const user = await tx.user.create({
        data: { username: data.username, email: data.email, displayName: data.displayName, passwordHash },
        select: { id: true, username: true },
      });
      await tx.membership.createMany({
        data: groups.map((group) => ({ groupId: group.id, userId: user.id, createdById: actor.id })),
      });
      await recordAudit(tx, actor, [
        {
          action: "user.created",
          targetType: "user",
          targetId: user.id,
          targetName: user.username,
          summary: `${actor.username} created user ${user.username}`,
          after: { username: data.username, email: data.email, displayName: data.displayName },
        },
        ...groups.map((group) => ({
          action: "group.member_added" as const,
          targetType: "group" as const,
          targetId: group.id,
          targetName: group.name,
          relatedId: user.id,
          relatedName: user.username,
          summary: `${actor.username} added ${user.username} to group ${group.name}`,
        })),
      ]);
      return { id: user.id };
    },
    { uniqueConflict: { message: "That username or email is already taken." }, locks: { groups: data.groupIds } },
  );
}

export async function updateUser(actor: Actor, userId: string, input: unknown): Promise<void> {
  authorize(actor, "users:write");
  const data = parse(updateUserSchema, input);
  await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const before = await readLockedUser(tx, userId);
      if (before.email === data.email && before.displayName === data.displayName) return;
      await assertIdentityFree(tx, null, data.email, userId);
      await tx.user.update({ where: { id: userId }, data });
      await recordAudit(tx, actor, {
        action: "user.updated",
        targetType: "user",
        targetId: userId,
        targetName: before.username,
        summary: `${actor.username} updated the profile of ${before.username}`,
        before: { email: before.email, displayName: before.displayName },
        after: data,
      });
    },
    {
      uniqueConflict: { message: `A user with the email ${data.email} already exists.`, field: "email" },
      locks: { users: isUuid(userId) ? [userId] : [] },
    },
  );
}

/** Disabling signs the user out at their next request; the last administrator cannot be disabled (rule 8). */
export async function setUserStatus(actor: Actor, userId: string, status: "ACTIVE" | "DISABLED"): Promise<void> {
  authorize(actor, "users:write");
  if (status !== "ACTIVE" && status !== "DISABLED") throw invalid("Unknown status.");
  if (!isUuid(userId)) throw notFound("The user");
  const notices = await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const user = await readLockedUser(tx, userId);
      if (user.status === status) return [];
      // Disabling anyone may remove an administrator; checking whether they are one would race
      // with a concurrent change making them one, so every disable takes the admin-removal lock.
      if (status === "DISABLED") await lockAdminRemoval(tx);
      await tx.user.update({
        where: { id: userId },
        data: { status, sessionVersion: { increment: 1 } },
      });
      const disabled = status === "DISABLED";
      await recordAudit(tx, actor, {
        action: disabled ? "user.disabled" : "user.enabled",
        targetType: "user",
        targetId: userId,
        targetName: user.username,
        summary: `${actor.username} ${disabled ? "disabled" : "enabled"} user ${user.username}`,
        before: { status: user.status },
        after: { status },
      });
      return endOidcSessions(tx, userId);
    },
    { locks: { users: [userId] } },
  );
  await notifyLogout(notices);
}

/**
 * Signs the user out of every session: their Gatehouse sessions end at their next request, their
 * applications' refresh tokens fail at once, and back-channel logout tells the applications.
 */
export async function signOutEverywhere(actor: Actor, userId: string): Promise<void> {
  authorize(actor, "users:write");
  if (!isUuid(userId)) throw notFound("The user");
  const notices = await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const user = await readLockedUser(tx, userId);
      await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
      await recordAudit(tx, actor, {
        action: "user.signed_out_everywhere",
        targetType: "user",
        targetId: userId,
        targetName: user.username,
        summary: `${actor.username} signed ${user.username} out everywhere`,
      });
      return endOidcSessions(tx, userId);
    },
    { locks: { users: [userId] } },
  );
  await notifyLogout(notices);
}

/** Sets a new password and signs the user out of their other sessions. */
export async function setPassword(actor: Actor, userId: string, input: unknown): Promise<void> {
  authorize(actor, "users:write");
  const { password } = parse(setPasswordSchema, input);
  const passwordHash = await hashPassword(password);
  if (!isUuid(userId)) throw notFound("The user");
  const notices = await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const user = await readLockedUser(tx, userId);
      await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
      await recordAudit(tx, actor, {
        action: "user.password_set",
        targetType: "user",
        targetId: userId,
        targetName: user.username,
        summary: `${actor.username} set a new password for ${user.username}`,
      });
      return endOidcSessions(tx, userId);
    },
    { locks: { users: [userId] } },
  );
  await notifyLogout(notices);
}

async function readLockedUser(tx: Tx, userId: string) {
  if (!isUuid(userId)) throw notFound("The user");
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, email: true, displayName: true, status: true },
  });
  if (!user) throw notFound("The user");
  return user;
}
