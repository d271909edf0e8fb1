import "server-only";
import { ADMIN_ROLE, permissionsFor, type Permission } from "@/lib/access/permissions";
import type { StageRef } from "@/lib/access/stages";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "./db";
import { AppError, forbidden } from "./errors";
import { readRequestAccess, type RequestAccess } from "./request-access";

/** The signed-in user acting on a request, re-read from the database for every request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  email: string;
  /** Effective role keys (`application:role`) of every application, in the default stage. */
  roleKeys: ReadonlySet<string>;
  /** Effective role keys per stage id (rule 8 in a stage: a non-administrator grants only what they hold there). */
  stageRoleKeys: ReadonlyMap<string, ReadonlySet<string>>;
  defaultStageId: string;
  /**
   * Every stage in display order, as read with the actor in this request's one read (a session
   * actor; an API token's has none): pages get them without another round trip (listStageRefs).
   */
  stages?: readonly StageRef[];
  /** From Gatehouse's own roles in the default stage only (rule 11). */
  permissions: ReadonlySet<Permission>;
  isAdmin: boolean;
  /**
   * Set when the actor is an API token (lib/dal/token-auth.ts): then `id` and `roleKeys` are its
   * creator's, `username` names the token for the audit log ("token ci-sync (created by admin)"),
   * and `permissions` are the token's, intersected with the creator's current ones.
   */
  token?: { id: string; name: string; createdBy: string };
}

/**
 * Whether a session (user id and session version from its token) may still be used: the user
 * exists, is active, and the version was not bumped since (disabled, password set, signed out).
 */
export async function isSessionCurrent(userId: unknown, sessionVersion: unknown): Promise<boolean> {
  if (!isUuid(userId) || typeof sessionVersion !== "number") return false;
  return isCurrent(await readRequestAccess(userId), sessionVersion);
}

function isCurrent(user: RequestAccess | null, sessionVersion: number): user is RequestAccess {
  return Boolean(user && user.status === "ACTIVE" && user.sessionVersion === sessionVersion);
}

/**
 * Loads the actor for a session. Returns null when the user no longer exists, is
 * disabled, or the session predates a bump of their session version (signed out).
 * Shares its one read with the session check and the claims of the same request.
 */
export async function loadActor(userId: string, sessionVersion: number): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  const user = await readRequestAccess(userId);
  if (!isCurrent(user, sessionVersion)) return null;
  const roleKeys = new Set(user.roleKeys);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roleKeys,
    stageRoleKeys: new Map([...user.byStage].map(([stageId, access]) => [stageId, new Set(access.roleKeys)])),
    defaultStageId: user.defaultStage.id,
    stages: user.stages,
    permissions: permissionsFor(roleKeys),
    isAdmin: roleKeys.has(ADMIN_ROLE),
  };
}

/**
 * Effective role keys of a user in a stage (the default stage when none is named); pass the
 * transaction to read them under its lock.
 */
export async function effectiveRoleKeys(userId: string, client: Tx = db, stageId?: string): Promise<Set<string>> {
  const stage = stageId ? Prisma.sql`${stageId}::uuid` : Prisma.sql`default_stage_id()`;
  const rows = await client.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT a."key" || ':' || r."key" AS "key"
    FROM "EffectiveGrant" e
    JOIN "Role" r ON r."id" = e."roleId"
    JOIN "Application" a ON a."id" = r."applicationId"
    WHERE e."userId" = ${userId}::uuid AND e."stageId" = ${stage}`;
  return new Set(rows.map((row) => row.key));
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** For what every signed-in user may do (their own access and password). */
export function authenticate(actor: Actor | null | undefined): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
}

/** Every DAL function starts with this: it throws unless the actor holds the permission. */
export function authorize(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  authenticate(actor);
  if (!can(actor, permission)) throw forbidden();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from URLs and forms; anything that is not a uuid simply matches nothing. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
