import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";
import type { StageRef } from "@/lib/access/stages";
import { db } from "./db";

/** Claims are capped (as Entra caps its groups claim); past the cap the overage is explicit. */
export const CLAIM_CAP = 200;

/** What a request knows of its user in one stage. */
export interface StageAccess {
  /** Every effective role key (`application:role`) in the stage, sorted, uncapped: permissions need them all. */
  roleKeys: string[];
  /** Names of the user's groups of the stage in claim order, at most CLAIM_CAP + 1 (one more says there is an overage). */
  groups: string[];
}

/** Everything a request needs about its user, from one statement. */
export interface RequestAccess extends StageAccess {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  sessionVersion: number;
  /** Every stage in display order; the default one is `defaultStage`. */
  stages: StageRef[];
  defaultStage: StageRef;
  /** Per stage id; `roleKeys` and `groups` above are the default stage's (Gatehouse's own roles count only there). */
  byStage: ReadonlyMap<string, StageAccess>;
}

interface Row {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  sessionVersion: number;
  stages: StageRef[] | null;
  roleRows: [string, string][];
  groupRows: [string, string][];
}

/**
 * One read per request, in one round trip: the session check (Auth.js jwt callback), the
 * claims of any stage (session callback, /api/me?stage=) and the actor (lib/auth/actor.ts) all
 * derive from these rows. The statement is the SQL function "request_access" (migration
 * 20261125200000_request_access_function): effective roles from the "EffectiveGrant" view, the one
 * definition of effective access, with their stage; groups with the stage they belong to. As a
 * function its plan is kept for the connection's session instead of being made on every request.
 */
async function read(userId: string): Promise<RequestAccess | null> {
  const [row] = await db.$queryRaw<Row[]>`SELECT * FROM request_access(${userId}::uuid, ${CLAIM_CAP + 1}::int)`;
  if (!row) return null;
  const stages = row.stages ?? [];
  const defaultStage = stages.find((s) => s.isDefault) ?? stages[0] ?? NO_STAGE;
  const byStage = new Map<string, StageAccess>(stages.map((s) => [s.id, { roleKeys: [], groups: [] }]));
  const of = (stageId: string) => {
    let access = byStage.get(stageId);
    if (!access) byStage.set(stageId, (access = { roleKeys: [], groups: [] }));
    return access;
  };
  for (const [stageId, claim] of row.roleRows) of(stageId).roleKeys.push(claim);
  for (const [stageId, name] of row.groupRows) of(stageId).groups.push(name);
  const { roleRows: _r, groupRows: _g, stages: _s, ...user } = row;
  return { ...user, stages, defaultStage, byStage, ...of(defaultStage.id) };
}

const NO_STAGE: StageRef = { id: "00000000-0000-0000-0000-000000000000", key: "", name: "", isDefault: true };

// Pages, layouts and server actions render inside React's request scope, where cache() memoises.
// Route handlers do not (Auth.js's callbacks there would read three times), so API routes open
// a scope of their own with withRequestScope. Outside both (tests, scripts) every call reads afresh.
const cachedRead = cache(read);
const scope = new AsyncLocalStorage<Map<string, Promise<RequestAccess | null>>>();

/** Runs a route handler's work with its own one-read-per-request memo. */
export function withRequestScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), work);
}

/** The request's user (with their access in every stage), read at most once per request and user. */
export function readRequestAccess(userId: string): Promise<RequestAccess | null> {
  const memo = scope.getStore();
  if (!memo) return cachedRead(userId);
  let access = memo.get(userId);
  if (!access) memo.set(userId, (access = read(userId)));
  return access;
}

/** The user's access in one stage (the default stage when none is named); empty for a stage they have nothing in. */
export function stageAccessOf(access: RequestAccess, stageId?: string): StageAccess {
  return access.byStage.get(stageId ?? access.defaultStage.id) ?? { roleKeys: [], groups: [] };
}
