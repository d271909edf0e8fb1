import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ScimError, scimNotFound } from "@/lib/scim/errors";
import { applyPatch, readPatchOperations } from "@/lib/scim/patch";
import { readScimUser, toScimUser, version, type ScimUserRow } from "@/lib/scim/users";
import { authorize, isUuid, type Actor } from "../actor";
import { recordAudit, type AuditEntry } from "../audit";
import { deleteUser } from "../user-deletion";
import { hashPassword } from "../credentials";
import { db, type Tx } from "../db";
import { accessWrite, lockAdminRemoval } from "../write";
import { userFilter, userOrder } from "./filter";
import type { ScimSort } from "@/lib/scim/query";

export interface ScimPage<T> {
  totalResults: number;
  rows: T[];
}
export interface ScimUser extends ScimUserRow {
  groups?: { id: string; name: string }[];
}

const COLUMNS = Prisma.sql`u."id", u."username", u."email", u."displayName", u."status"::text AS "status",
  u."externalId", u."scimAttributes", u."createdAt", u."updatedAt"`;

/**
 * A page of users matching a SCIM filter, by username unless `sort` says otherwise (RFC 7644
 * 3.4.2.3, ties by id), `startIndex` 1-based (RFC 7644 3.4.2.4). One
 * statement (groups included); the count is a second one only when the first page does not already
 * tell it (a directory's `userName eq` lookup before a create is a single indexed read), and runs
 * alongside the page's past the first.
 */
export async function scimListUsers(
  actor: Actor,
  query: {
    filter: string | null;
    sort?: ScimSort | null;
    startIndex: number;
    count: number;
    withGroups: boolean;
  },
): Promise<ScimPage<ScimUser>> {
  authorize(actor, "users:read");
  const where = userFilter(query.filter);
  const order = userOrder(query.sort ?? null);
  const countAll = () =>
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "User" u WHERE ${where}`.then((r) =>
      Number(r[0]?.total ?? 0),
    );
  // A page past the first (a client paging through a list) rarely tells the total: count alongside.
  const counting = query.startIndex > 1 || query.count === 0 ? countAll() : null;
  const rows =
    query.count === 0
      ? []
      : await db.$queryRaw<ScimUser[]>`
          SELECT ${COLUMNS} ${groupsColumn(query.withGroups)} FROM "User" u WHERE ${where}
          ORDER BY ${order} LIMIT ${query.count} OFFSET ${query.startIndex - 1}`;
  // A page shorter than asked for ends the list: it tells the total (no match at all, from the start, too).
  const complete = query.count > 0 && rows.length < query.count && (rows.length > 0 || query.startIndex === 1);
  const totalResults = counting ? await counting : complete ? query.startIndex - 1 + rows.length : await countAll();
  return { totalResults, rows };
}

const groupsColumn = (withGroups: boolean) =>
  withGroups
    ? Prisma.sql`, ARRAY(SELECT json_build_object('id', g."id", 'name', g."name") FROM "Membership" m
        JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = u."id" ORDER BY g."nameKey") AS "groups"`
    : Prisma.empty;

/** The users with these ids (a page of a search across resource types), in no particular order. */
export async function scimUsersByIds(actor: Actor, ids: string[], withGroups: boolean): Promise<ScimUser[]> {
  authorize(actor, "users:read");
  if (ids.length === 0) return [];
  return db.$queryRaw<ScimUser[]>`
    SELECT ${COLUMNS} ${groupsColumn(withGroups)} FROM "User" u WHERE u."id" = ANY(${ids}::uuid[])`;
}

export async function scimGetUser(actor: Actor, userId: string, includeGroups = true): Promise<ScimUser> {
  authorize(actor, "users:read");
  const row = await readUser(db, userId);
  return includeGroups ? (await withGroups([row]))[0]! : row;
}

async function readUser(client: Tx, userId: string): Promise<ScimUserRow> {
  if (!isUuid(userId)) throw scimNotFound("The user");
  const [row] = await client.$queryRaw<ScimUserRow[]>`SELECT ${COLUMNS} FROM "User" u WHERE u."id" = ${userId}::uuid`;
  if (!row) throw scimNotFound("The user");
  return row;
}

/** The groups of the users on a page, in one query. */
async function withGroups(rows: ScimUserRow[]): Promise<ScimUser[]> {
  if (rows.length === 0) return rows;
  const memberships = await db.$queryRaw<{ userId: string; id: string; name: string }[]>`
    SELECT m."userId", g."id", g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
    WHERE m."userId" = ANY(${rows.map((r) => r.id)}::uuid[]) ORDER BY g."nameKey"`;
  const byUser = new Map<string, { id: string; name: string }[]>();
  for (const { userId, ...group } of memberships) byUser.set(userId, [...(byUser.get(userId) ?? []), group]);
  return rows.map((row) => ({ ...row, groups: byUser.get(row.id) ?? [] }));
}

/** POST /Users. A taken userName or email is a 409 `uniqueness`. */
export async function scimCreateUser(actor: Actor, body: unknown): Promise<ScimUser> {
  authorize(actor, "users:write");
  const input = readScimUser(body);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = await accessWrite(actor, "users:write", async (tx) => {
    await assertIdentityFree(tx, input.userName, input.email);
    const user = await tx.user.create({
      data: {
        username: input.userName,
        email: input.email,
        displayName: input.displayName,
        status: input.active ? "ACTIVE" : "DISABLED",
        externalId: input.externalId,
        scimAttributes: input.attributes as Prisma.InputJsonObject,
        passwordHash,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "user.created",
      targetType: "user",
      targetId: user.id,
      targetName: input.userName,
      summary: `${actor.username} created user ${input.userName} through SCIM`,
      after: { username: input.userName, email: input.email, displayName: input.displayName, active: input.active },
    });
    return user.id;
  }).catch(uniqueness);
  return { ...(await readUser(db, id)), groups: [] };
}

/** PUT /Users/{id}: the user becomes what the body says (Okta sends whole users). */
export async function scimReplaceUser(actor: Actor, userId: string, body: unknown, ifMatch: string | null) {
  authorize(actor, "users:write");
  const input = readScimUser(body);
  return writeUser(actor, userId, ifMatch, () => input);
}

/**
 * PATCH /Users/{id}: the operations apply (scim-patch) to the user's current resource under
 * its lock, and the result is written like a PUT: one transaction, nothing half-applied.
 */
export async function scimPatchUser(actor: Actor, userId: string, body: unknown, ifMatch: string | null) {
  authorize(actor, "users:write");
  const operations = readPatchOperations(body);
  for (const operation of operations) {
    if (operation.path?.toLowerCase().startsWith("groups")) {
      throw new ScimError(400, "groups is read-only: change the members of a Group instead.", "mutability");
    }
  }
  return writeUser(actor, userId, ifMatch, (current) => {
    const { meta: _meta, groups: _groups, ...resource } = toScimUser(current, "");
    return readScimUser(applyPatch(resource, operations));
  });
}

type UserInput = ReturnType<typeof readScimUser>;

async function writeUser(
  actor: Actor,
  userId: string,
  ifMatch: string | null,
  next: (current: ScimUserRow) => UserInput,
): Promise<ScimUser> {
  if (!isUuid(userId)) throw scimNotFound("The user");
  await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const current = await readUser(tx, userId);
      assertVersion(ifMatch, current.updatedAt);
      const input = next(current);
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      await assertIdentityFree(tx, input.userName, input.email, userId);
      const status = input.active ? "ACTIVE" : "DISABLED";
      const statusChanged = status !== current.status;
      // Disabling may remove an administrator (rule 8), exactly as on the user page.
      if (statusChanged && status === "DISABLED") await lockAdminRemoval(tx);
      const before = { username: current.username, email: current.email, displayName: current.displayName };
      const after = { username: input.userName, email: input.email, displayName: input.displayName };
      const profileChanged =
        JSON.stringify(before) !== JSON.stringify(after) ||
        current.externalId !== input.externalId ||
        canonical(current.scimAttributes ?? {}) !== canonical(input.attributes);
      if (!profileChanged && !statusChanged && !passwordHash) return;
      await tx.user.update({
        where: { id: userId },
        data: {
          username: input.userName,
          email: input.email,
          displayName: input.displayName,
          externalId: input.externalId,
          scimAttributes: input.attributes as Prisma.InputJsonObject,
          status,
          // A disabled user, or a new password, signs the user out at their next request (as in the UI).
          ...(statusChanged || passwordHash ? { sessionVersion: { increment: 1 } } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        },
      });
      const entries: AuditEntry[] = [];
      const target = { targetType: "user" as const, targetId: userId, targetName: input.userName };
      if (profileChanged) {
        entries.push({
          ...target,
          action: "user.updated",
          summary: `${actor.username} updated the profile of ${current.username} through SCIM`,
          before: { ...before, externalId: current.externalId },
          after: { ...after, externalId: input.externalId },
        });
      }
      if (statusChanged) {
        const disabled = status === "DISABLED";
        entries.push({
          ...target,
          action: disabled ? "user.disabled" : "user.enabled",
          summary: `${actor.username} ${disabled ? "disabled" : "enabled"} user ${input.userName} through SCIM`,
          before: { status: current.status },
          after: { status },
        });
      }
      if (passwordHash) {
        entries.push({
          ...target,
          action: "user.password_set",
          summary: `${actor.username} set a new password for ${input.userName} through SCIM`,
        });
      }
      await recordAudit(tx, actor, entries);
    },
    { locks: { users: [userId] } },
  ).catch(uniqueness);
  // Whoever may write the user sees what they wrote, without users:read.
  return (await withGroups([await readUser(db, userId)]))[0]!;
}

/**
 * DELETE /Users/{id} (Entra ID deletes 30 days after its soft delete): the same deletion as the user
 * page's, one audited transaction in which the user, their memberships, grants and tokens go.
 */
export async function scimDeleteUser(actor: Actor, userId: string, ifMatch: string | null): Promise<void> {
  authorize(actor, "users:write");
  assertVersion(ifMatch, (await readUser(db, userId)).updatedAt);
  await deleteUser(actor, userId);
}

/** JSON with object keys sorted: jsonb keeps keys in its own order, so compare content, not order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** If-Match (RFC 7644 3.14): `*` or the current version, else 412. */
export function assertVersion(ifMatch: string | null, updatedAt: Date) {
  if (!ifMatch) return;
  const current = version(updatedAt);
  const strip = (tag: string) => tag.trim().replace(/^W\//, "");
  const tags = ifMatch.split(",").map(strip);
  if (!tags.includes("*") && !tags.includes(strip(current))) {
    throw new ScimError(412, "The resource changed since you read it (If-Match does not match meta.version).");
  }
}

async function assertIdentityFree(tx: Tx, username: string, email: string, exceptId?: string) {
  const clash = await tx.user.findFirst({
    where: { OR: [{ username }, { email }], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { username: true },
  });
  if (clash?.username === username)
    throw new ScimError(409, `The userName ${username} is already taken.`, "uniqueness");
  if (clash) throw new ScimError(409, `A user with the email ${email} already exists.`, "uniqueness");
}

/** A unique violation that slipped past the check (a concurrent create) is still a 409. */
function uniqueness(error: unknown): never {
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") {
    throw new ScimError(409, "A user with that userName or email already exists.", "uniqueness");
  }
  throw error;
}
