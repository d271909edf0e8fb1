import "server-only";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY } from "@/lib/access/permissions";
import { db, type Tx } from "./db";
import { AppError, conflict, isAppError, isUniqueViolation } from "./errors";

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

/**
 * Runs one access write: a single transaction holding the access lock, which
 * re-checks at the end that an active administrator remains (rule 8) and rolls
 * everything back otherwise.
 */
export async function accessWrite<T>(
  work: (tx: Tx) => Promise<T>,
  options: { uniqueConflict?: { message: string; field?: string } } = {},
): Promise<T> {
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

async function hasActiveAdministrator(tx: Tx): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`
    WITH admin_role AS (
      SELECT r."id" FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId"
      WHERE a."key" = ${PORTAL_APP_KEY} AND r."key" = ${ADMIN_ROLE_KEY}
    )
    SELECT NOT EXISTS (SELECT 1 FROM admin_role) OR EXISTS (
      SELECT 1 FROM "DirectGrant" d JOIN "User" u ON u."id" = d."userId"
      WHERE d."roleId" IN (SELECT "id" FROM admin_role) AND u."status" = 'ACTIVE'
      UNION ALL
      SELECT 1 FROM "GroupRole" gr
      JOIN "Membership" m ON m."groupId" = gr."groupId"
      JOIN "User" u ON u."id" = m."userId"
      WHERE gr."roleId" IN (SELECT "id" FROM admin_role) AND u."status" = 'ACTIVE'
    ) AS ok`;
  return row?.ok ?? false;
}

/** Marks users whose effective roles changed (see User.accessVersion). */
export async function bumpAccessVersion(tx: Tx, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "User" SET "accessVersion" = "accessVersion" + 1
    WHERE "id" = ANY(${[...userIds]}::uuid[])`;
}
