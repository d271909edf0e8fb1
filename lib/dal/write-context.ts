import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Tx } from "./db";

/**
 * Options an API request sets around a DAL call, honoured by every access write (lib/dal/write.ts)
 * inside its transaction, after its locks:
 * - `precondition`: checked before the work (If-Match: the resource's version is still the one
 *   the client saw, read under the write's lock);
 * - `dryRun`: the work runs in full (every check, every refusal, rule 8), then the transaction rolls
 *   back; the access of `dryRun.users` before and after is compared and returned as the impact.
 */
export interface WriteContext {
  precondition?: (tx: Tx) => Promise<void>;
  dryRun?: {
    /** Users whose access the change may alter, read before the work. */
    usersBefore: (tx: Tx) => Promise<string[]>;
    /** Users known only after the work (a user it creates). */
    usersAfter?: (result: unknown) => string[];
  };
}

export interface RoleChange {
  roleId: string;
  roleName: string;
  applicationName: string;
  gaining: number;
  losing: number;
  /** Up to 20 usernames of each. */
  sampleGaining: string[];
  sampleLosing: string[];
}
export interface AccessChange {
  usersGaining: number;
  usersLosing: number;
  roles: RoleChange[];
}

/** Thrown out of the transaction to roll a dry run back; carries what the write would have done. */
export class DryRunOutcome extends Error {
  constructor(
    readonly result: unknown,
    readonly impact: AccessChange,
  ) {
    super("dry run");
    this.name = "DryRunOutcome";
  }
}

const storage = new AsyncLocalStorage<WriteContext>();

export function currentWriteContext(): WriteContext | undefined {
  return storage.getStore();
}

export function withWriteContext<T>(context: WriteContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/**
 * Runs a DAL write as a dry run: its result (what it would return) and the impact, with nothing
 * changed. A write that returns without writing (nothing to do) has no impact.
 */
export async function dryRun(
  users: NonNullable<WriteContext["dryRun"]>,
  work: () => Promise<unknown>,
): Promise<{ result: unknown; impact: AccessChange }> {
  try {
    const result = await withWriteContext({ ...currentWriteContext(), dryRun: users }, work);
    return { result, impact: { usersGaining: 0, usersLosing: 0, roles: [] } };
  } catch (error) {
    if (error instanceof DryRunOutcome) return { result: error.result, impact: error.impact };
    throw error;
  }
}

/** Before the work: the access of the users in scope, kept in a temporary table of this transaction. */
export async function snapshotBefore(tx: Tx, userIds: readonly string[]) {
  await tx.$executeRaw`
    CREATE TEMP TABLE gatehouse_dry_before ON COMMIT DROP AS
    SELECT DISTINCT e."userId", u."username", e."roleId", r."name" AS "roleName", a."name" AS "applicationName"
    FROM "EffectiveGrant" e JOIN "User" u ON u."id" = e."userId"
    JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
    WHERE e."userId" = ANY(${[...new Set(userIds)]}::uuid[])`;
}

/** After the work, in the same transaction: who gains and who loses which role. */
export async function accessChange(tx: Tx, userIds: readonly string[]): Promise<AccessChange> {
  const [row] = await tx.$queryRaw<{ roles: RoleChange[] | null; gaining: bigint; losing: bigint }[]>`
    WITH after AS (
      SELECT DISTINCT e."userId", u."username", e."roleId", r."name" AS "roleName", a."name" AS "applicationName"
      FROM "EffectiveGrant" e JOIN "User" u ON u."id" = e."userId"
      JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      WHERE e."userId" = ANY(${[...new Set(userIds)]}::uuid[])
    ), gained AS (
      SELECT * FROM after a WHERE NOT EXISTS (
        SELECT 1 FROM gatehouse_dry_before b WHERE b."userId" = a."userId" AND b."roleId" = a."roleId")
    ), lost AS (
      SELECT * FROM gatehouse_dry_before b WHERE NOT EXISTS (
        SELECT 1 FROM after a WHERE a."userId" = b."userId" AND a."roleId" = b."roleId")
    ), changes AS (
      SELECT 'gain' AS kind, * FROM gained UNION ALL SELECT 'lose', * FROM lost
    ), per_role AS (
      SELECT "roleId", min("roleName") AS "roleName", min("applicationName") AS "applicationName",
        count(*) FILTER (WHERE kind = 'gain') AS gaining, count(*) FILTER (WHERE kind = 'lose') AS losing,
        (array_agg("username" ORDER BY "username") FILTER (WHERE kind = 'gain'))[1:20] AS "sampleGaining",
        (array_agg("username" ORDER BY "username") FILTER (WHERE kind = 'lose'))[1:20] AS "sampleLosing"
      FROM changes GROUP BY "roleId"
    )
    SELECT
      (SELECT json_agg(json_build_object('roleId', "roleId", 'roleName', "roleName", 'applicationName', "applicationName",
        'gaining', gaining, 'losing', losing, 'sampleGaining', coalesce("sampleGaining", '{}'),
        'sampleLosing', coalesce("sampleLosing", '{}')) ORDER BY "applicationName", "roleName") FROM per_role) AS roles,
      (SELECT count(DISTINCT "userId") FROM gained) AS gaining,
      (SELECT count(DISTINCT "userId") FROM lost) AS losing`;
  return {
    usersGaining: Number(row?.gaining ?? 0),
    usersLosing: Number(row?.losing ?? 0),
    roles: (row?.roles ?? []).map((r) => ({ ...r, gaining: Number(r.gaining), losing: Number(r.losing) })),
  };
}
