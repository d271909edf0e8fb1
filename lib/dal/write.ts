import "server-only";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY, permissionsFor, type Permission } from "@/lib/access/permissions";
import { effectiveRoleKeys, type Actor } from "./actor";
import { db, type Tx } from "./db";
import { AppError, conflict, forbidden, isAppError, isUniqueViolation } from "./errors";

// Every change to access takes this transaction-scoped lock, so access writes
// apply one after another: the last-administrator check below then sees every
// concurrent change, and counts never race.
const ACCESS_WRITE_LOCK = 7_104_242;

/** Rule 8 refused a change: a CONFLICT, recognisable by type for callers that explain it differently. */
export class LastAdministratorError extends AppError {
  constructor() {
    super(
      "CONFLICT",
      "This would leave Gatehouse without an administrator. Give someone else the Administrator role first.",
    );
  }
}

type WriteOptions = { uniqueConflict?: { message: string; field?: string } };

/**
 * Runs one access write by an actor: a single transaction holding the access lock.
 * After taking the lock it re-reads the actor's access, so a write by someone who
 * lost the permission a moment ago (and whose loss committed first) never commits.
 * At the end it re-checks that an active administrator remains (rule 8) and rolls
 * everything back otherwise.
 */
export async function accessWrite<T>(
  actor: Actor,
  permissions: Permission | readonly Permission[],
  work: (tx: Tx) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  const needed: readonly Permission[] = typeof permissions === "string" ? [permissions] : permissions;
  return lockedWrite(async (tx) => {
    await assertStillHolds(tx, actor, needed);
    return work(tx);
  }, options);
}

/**
 * An access write on nobody's behalf but the system's (sign-in through an identity
 * provider): the same lock and the same rule-8 post-condition, no actor to re-check.
 */
export async function systemAccessWrite<T>(work: (tx: Tx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  return lockedWrite(work, options);
}

async function lockedWrite<T>(work: (tx: Tx) => Promise<T>, options: WriteOptions): Promise<T> {
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ACCESS_WRITE_LOCK})`;
        const result = await work(tx);
        if (!(await hasActiveAdministrator(tx))) throw new LastAdministratorError();
        return result;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (isAppError(error)) throw error;
    if (isUniqueViolation(error) && options.uniqueConflict) {
      throw conflict(options.uniqueConflict.message, options.uniqueConflict.field);
    }
    throw error;
  }
}

/** Inside the transaction, after the lock: the actor is still active and still holds every permission. */
async function assertStillHolds(tx: Tx, actor: Actor, needed: readonly Permission[]) {
  const user = await tx.user.findUnique({ where: { id: actor.id }, select: { status: true } });
  if (user?.status !== "ACTIVE") throw forbidden();
  const held = permissionsFor(await effectiveRoleKeys(actor.id, tx));
  if (!needed.every((permission) => held.has(permission))) throw forbidden();
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
      WHERE e."roleId" = ANY(ARRAY(SELECT "id" FROM admin_role)) AND u."status" = 'ACTIVE'
    ) AS ok`;
  return row?.ok ?? false;
}
