import "server-only";
import { cache } from "react";
import { ADMIN_ROLE, permissionsFor, type Permission } from "@/lib/access/permissions";
import { db, type Tx } from "./db";
import { AppError, forbidden } from "./errors";

/** The signed-in user acting on a request, re-read from the database for every request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  email: string;
  /** Effective role keys (`application:role`) of every application. */
  roleKeys: ReadonlySet<string>;
  permissions: ReadonlySet<Permission>;
  isAdmin: boolean;
}

// Read once per request: the session check (Auth.js jwt callback) and loadActor share it.
const readSessionUser = cache((userId: string) =>
  db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, displayName: true, email: true, status: true, sessionVersion: true },
  }),
);

/**
 * Whether a session (user id and session version from its token) may still be used: the user
 * exists, is active, and the version was not bumped since (disabled, password set, signed out).
 */
export async function isSessionCurrent(userId: unknown, sessionVersion: unknown): Promise<boolean> {
  if (!isUuid(userId) || typeof sessionVersion !== "number") return false;
  const user = await readSessionUser(userId);
  return Boolean(user && user.status === "ACTIVE" && user.sessionVersion === sessionVersion);
}

/**
 * Loads the actor for a session. Returns null when the user no longer exists, is
 * disabled, or the session predates a bump of their session version (signed out).
 */
export async function loadActor(userId: string, sessionVersion: number): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  const user = await readSessionUser(userId);
  if (!user || user.status !== "ACTIVE" || user.sessionVersion !== sessionVersion) return null;
  const roleKeys = await effectiveRoleKeys(user.id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roleKeys,
    permissions: permissionsFor(roleKeys),
    isAdmin: roleKeys.has(ADMIN_ROLE),
  };
}

/** Effective role keys of a user; pass the transaction to read them under its lock. */
export async function effectiveRoleKeys(userId: string, client: Tx = db): Promise<Set<string>> {
  const rows = await client.$queryRaw<{ key: string }[]>`
    SELECT a."key" || ':' || r."key" AS "key"
    FROM (
      SELECT "roleId" FROM "DirectGrant" WHERE "userId" = ${userId}::uuid
      UNION
      SELECT gr."roleId" FROM "Membership" m
      JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
      WHERE m."userId" = ${userId}::uuid
    ) held
    JOIN "Role" r ON r."id" = held."roleId"
    JOIN "Application" a ON a."id" = r."applicationId"`;
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
