import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";
import { db } from "./db";

/** Claims are capped (as Entra caps its groups claim); past the cap the overage is explicit. */
export const CLAIM_CAP = 200;

/** Everything a request needs about its user, from one statement. */
export interface RequestAccess {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  sessionVersion: number;
  /** Every effective role key (`application:role`), sorted, uncapped: permissions need them all. */
  roleKeys: string[];
  /** Group names in claim order, at most CLAIM_CAP + 1 (one more says there is an overage). */
  groups: string[];
}

/**
 * One read per request, in one round trip: the session check (Auth.js jwt callback), the
 * claims (session callback) and the actor (lib/auth/actor.ts) all derive from these rows.
 * Effective roles come from the "EffectiveGrant" view, the one definition of effective access.
 */
async function read(userId: string): Promise<RequestAccess | null> {
  const [row] = await db.$queryRaw<RequestAccess[]>`
    SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status", u."sessionVersion",
      ARRAY(
        SELECT DISTINCT a."key" || ':' || r."key" FROM "EffectiveGrant" e
        JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
        WHERE e."userId" = u."id" ORDER BY 1
      ) AS "roleKeys",
      ARRAY(
        SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
        WHERE m."userId" = u."id" ORDER BY g."nameKey", g."id" LIMIT ${CLAIM_CAP + 1}
      ) AS "groups"
    FROM "User" u WHERE u."id" = ${userId}::uuid`;
  return row ?? null;
}

// Pages, layouts and server actions render inside React's request scope, where cache() memoises.
// Route handlers do not (Auth.js's callbacks there would read three times), so API routes open
// a scope of their own with withRequestScope. Outside both (tests, scripts) every call reads afresh.
const cachedRead = cache(read);
const scope = new AsyncLocalStorage<Map<string, Promise<RequestAccess | null>>>();

/** Runs a route handler's work with its own one-read-per-request memo. */
export function withRequestScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), work);
}

/** The request's user, read at most once per request and user. */
export function readRequestAccess(userId: string): Promise<RequestAccess | null> {
  const memo = scope.getStore();
  if (!memo) return cachedRead(userId);
  let access = memo.get(userId);
  if (!access) memo.set(userId, (access = read(userId)));
  return access;
}
