import "server-only";
import { createHash } from "node:crypto";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY, PORTAL_ROLE_PERMISSIONS, type Permission } from "@/lib/access/permissions";
import type { Actor } from "./actor";
import { db, type Tx } from "./db";
import { AppError, conflict, forbidden, isAppError, isDeadlock, isUniqueViolation } from "./errors";
import { accessChange, currentWriteContext, DryRunOutcome, snapshotBefore } from "./write-context";

/*
 * Locking (issue 11). An access write locks what it touches, not the installation:
 * - `group:<id>` for a change to a group (its members, its roles, its name, its deletion);
 * - `user:<id>` for a change to a user (status, direct grants, profile, password, IdP sync);
 * - shared locks on the sources of the actor's permission (their own `user:` key and every
 *   group that grants them the permission), so that a change removing that permission
 *   (which locks the same group or user exclusively) and the actor's write are serialised;
 * - ADMIN_REMOVAL_LOCK, exclusive, only for a change that can take the Administrator role
 *   from someone; such changes re-check that an active administrator remains before commit.
 * Object locks are transaction-scoped advisory locks on a 64-bit hash of the key, taken in
 * one statement in ascending order (no deadlock between two writes), then the actor is
 * re-checked, then the admin-removal lock, always last, if the change asks for it. Row locks can
 * still meet in different orders (two deletions of groups that share members, say):
 * PostgreSQL then aborts one of them, which runs again (at most three times).
 * Rule 8 holds exactly: a change that does not take the admin-removal lock never removes an
 * administrator (it removes members only from a group it has locked and found without the
 * admin role, whose roles cannot change before it commits), and changes that can are
 * serialised and each sees every earlier one when it counts the administrators.
 */
export const ADMIN_REMOVAL_LOCK = 7_104_242;

/** Rule 8 refused a change: a CONFLICT, recognisable by type for callers that explain it differently. */
export class LastAdministratorError extends AppError {
  constructor() {
    super(
      "CONFLICT",
      "This would leave Gatehouse without an administrator. Give someone else the Administrator role first.",
    );
  }
}

/** What a write touches: locked exclusively, in a global order, before its work runs. */
export interface Locks {
  groups?: readonly string[];
  users?: readonly string[];
}

type WriteOptions = { uniqueConflict?: { message: string; field?: string }; locks?: Locks };

/** The signed 64-bit advisory lock key of a group or user (also for tests that hold one). */
export function lockKey(kind: "group" | "user", id: string): bigint {
  return createHash("sha256").update(`${kind}:${id}`).digest().readBigInt64BE(0);
}

/** Thrown inside the transaction when the actor's permission moved to a source we did not lock. */
class RetryWrite extends Error {}

/**
 * Runs one access write by an actor: a single transaction holding the locks of what it
 * touches and shared locks on the sources of the actor's permission. After taking them it
 * re-reads the actor's access, so a write by someone who lost the permission a moment ago
 * (and whose loss committed first) never commits. A change that may remove an administrator
 * calls `lockAdminRemoval(tx)`; it then re-checks that one remains (rule 8) before commit.
 */
export async function accessWrite<T>(
  actor: Actor,
  permissions: Permission | readonly Permission[],
  work: (tx: Tx) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  const needed: readonly Permission[] = typeof permissions === "string" ? [permissions] : permissions;
  for (let attempt = 1; ; attempt++) {
    try {
      return await lockedWrite(async (tx) => {
        const sources = await permissionSources(tx, actor.id, needed);
        await takeLocks(tx, options.locks ?? {}, { users: [actor.id], groups: sources });
        await assertStillHolds(tx, actor.id, needed, new Set(sources), attempt);
        await beforeWork(tx);
        return work(tx);
      }, options);
    } catch (error) {
      if (!(error instanceof RetryWrite)) throw error;
    }
  }
}

/**
 * An access write on nobody's behalf but the system's (sign-in through an identity
 * provider): the same locks and the same rule-8 post-condition, no actor to re-check.
 */
export async function systemAccessWrite<T>(work: (tx: Tx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  return lockedWrite(async (tx) => {
    await takeLocks(tx, options.locks ?? {}, {});
    await beforeWork(tx);
    return work(tx);
  }, options);
}

const removingAdmin = new WeakSet<object>();
const dryRunScopes = new WeakMap<object, { users: string[]; usersAfter?: (result: unknown) => string[] }>();

/**
 * After the locks, before the work: an API request's If-Match precondition and the "before" of a
 * dry run (lib/dal/write-context.ts). The screens set neither.
 */
async function beforeWork(tx: Tx) {
  const context = currentWriteContext();
  await context?.precondition?.(tx);
  if (!context?.dryRun) return;
  const users = await context.dryRun.usersBefore(tx);
  await snapshotBefore(tx, users);
  dryRunScopes.set(tx, { users, usersAfter: context.dryRun.usersAfter });
}

/**
 * Called by a change that can take the Administrator role from someone, after its object
 * locks: serialises it with every other such change, and makes the transaction re-check
 * before commit that an active administrator remains.
 */
export async function lockAdminRemoval(tx: Tx) {
  if (removingAdmin.has(tx)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_REMOVAL_LOCK})`;
  removingAdmin.add(tx);
}

/** Whether one of these groups holds the Administrator role in the default stage (read under the groups' locks). */
export async function anyHoldsAdmin(tx: Tx, groupIds: readonly string[]): Promise<boolean> {
  if (groupIds.length === 0) return false;
  const [row] = await tx.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "GroupRole" gr JOIN "Role" r ON r."id" = gr."roleId"
      JOIN "Application" a ON a."id" = r."applicationId"
      JOIN "Group" g ON g."id" = gr."groupId"
      WHERE gr."groupId" = ANY(${[...groupIds]}::uuid[]) AND a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
        AND g."stageId" = default_stage_id()
    ) AS found`;
  return row?.found ?? false;
}

/** Whether the role is the Administrator role. */
export async function isAdminRole(tx: Tx, roleId: string): Promise<boolean> {
  const role = await tx.role.findUnique({
    where: { id: roleId },
    select: { key: true, application: { select: { key: true } } },
  });
  return role?.key === ADMIN_ROLE_KEY && role.application.key === PORTAL_APP_KEY;
}

async function lockedWrite<T>(work: (tx: Tx) => Promise<T>, options: WriteOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(work, options);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 3) throw error;
    }
  }
}

async function transaction<T>(work: (tx: Tx) => Promise<T>, options: WriteOptions): Promise<T> {
  try {
    return await db.$transaction(
      async (tx) => {
        const result = await work(tx);
        if (removingAdmin.has(tx) && !(await hasActiveAdministrator(tx))) throw new LastAdministratorError();
        const dryRun = dryRunScopes.get(tx);
        if (dryRun) {
          const users = [...dryRun.users, ...(dryRun.usersAfter?.(result) ?? [])];
          throw new DryRunOutcome(result, await accessChange(tx, users));
        }
        return result;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (isAppError(error) || error instanceof RetryWrite) throw error;
    if (isUniqueViolation(error) && options.uniqueConflict) {
      throw conflict(options.uniqueConflict.message, options.uniqueConflict.field);
    }
    throw error;
  }
}

/** Exclusive locks on what the write touches, shared ones on the actor's sources; one statement, sorted. */
async function takeLocks(tx: Tx, exclusive: Locks, shared: Locks) {
  const modes = new Map<bigint, boolean>();
  const add = (locks: Locks, isExclusive: boolean) => {
    for (const id of locks.groups ?? [])
      modes.set(lockKey("group", id), isExclusive || !!modes.get(lockKey("group", id)));
    for (const id of locks.users ?? []) modes.set(lockKey("user", id), isExclusive || !!modes.get(lockKey("user", id)));
  };
  add(exclusive, true);
  add(shared, false);
  if (modes.size === 0) return;
  const keys = [...modes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await tx.$executeRaw`
    SELECT CASE WHEN l.x THEN pg_advisory_xact_lock(l.k) ELSE pg_advisory_xact_lock_shared(l.k) END
    FROM unnest(${keys.map(String)}::bigint[], ${keys.map((k) => modes.get(k)!)}::boolean[]) WITH ORDINALITY AS l(k, x, n)
    ORDER BY l.n`;
}

/** Groups through which the user holds a portal role granting one of the permissions. */
async function permissionSources(tx: Tx, userId: string, needed: readonly Permission[]): Promise<string[]> {
  const rows = await portalRoles(tx, userId);
  const grants = (roleKey: string) => (PORTAL_ROLE_PERMISSIONS[roleKey] ?? []).some((p) => needed.includes(p));
  return [...new Set(rows.filter((r) => r.groupId && grants(r.roleKey)).map((r) => r.groupId!))];
}

/**
 * The user's portal roles with their source: a group id, or null for a direct grant. Only the
 * default stage counts (rule 11).
 */
function portalRoles(tx: Tx, userId: string) {
  return tx.$queryRaw<{ groupId: string | null; roleKey: string }[]>`
    SELECT e."groupId", r."key" AS "roleKey"
    FROM "EffectiveGrant" e
    JOIN "Role" r ON r."id" = e."roleId"
    JOIN "Application" a ON a."id" = r."applicationId"
    WHERE e."userId" = ${userId}::uuid AND e."stageId" = default_stage_id() AND a."key" = ${PORTAL_APP_KEY}`;
}

/**
 * Inside the transaction, after the locks: the actor is still active and still holds every
 * permission through a source this transaction has locked (a direct grant, or a locked group).
 * Holding it only through a group gained a moment ago means locking that group too: retry.
 */
async function assertStillHolds(
  tx: Tx,
  userId: string,
  needed: readonly Permission[],
  locked: ReadonlySet<string>,
  attempt: number,
) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { status: true } });
  if (user?.status !== "ACTIVE") throw forbidden();
  const rows = await portalRoles(tx, userId);
  const holds = (permission: Permission, lockedOnly: boolean) =>
    rows.some(
      (r) =>
        (PORTAL_ROLE_PERMISSIONS[r.roleKey] ?? []).includes(permission) &&
        (!lockedOnly || r.groupId === null || locked.has(r.groupId)),
    );
  if (!needed.every((p) => holds(p, false))) throw forbidden();
  if (!needed.every((p) => holds(p, true))) {
    if (attempt >= 3) throw forbidden();
    throw new RetryWrite();
  }
}

async function hasActiveAdministrator(tx: Tx): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`
    WITH admin_role AS (
      SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
      WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
    )
    -- An array, not IN (subquery): PostgreSQL then pushes the role into both branches of the view.
    SELECT NOT EXISTS (SELECT 1 FROM admin_role) OR EXISTS (
      SELECT 1 FROM "EffectiveGrant" e JOIN "User" u ON u."id" = e."userId"
      WHERE e."roleId" = ANY(ARRAY(SELECT "id" FROM admin_role)) AND e."stageId" = default_stage_id()
        AND u."status" = 'ACTIVE'
    ) AS ok`;
  return row?.ok ?? false;
}
