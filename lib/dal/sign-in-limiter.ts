import "server-only";
import { createHash } from "node:crypto";
import { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { RATE_LIMITS, failureDelayMs, lockSecondsFor, type RateLimitName } from "@/lib/access/rate-limits";

/**
 * Counters of failed password sign-ins in PostgreSQL (table "RateLimit", created by a Prisma
 * migration, hence `tableCreated: true`), so that every instance of the app shares them.
 * rate-limiter-flexible speaks to pg directly, through a small pool of its own.
 */
const globalForLimiter = globalThis as unknown as { gatehouseLimiterPool?: Pool };

function pool(): Pool {
  if (!globalForLimiter.gatehouseLimiterPool) {
    const created = new Pool({
      connectionString: process.env.DATABASE_URL,
      max: 3,
      // A database that does not answer must become "unavailable" quickly, not a hung sign-in.
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection (database restarted) must not crash the process.
    created.on("error", (error) => console.warn("Sign-in limiter: idle database connection lost", error.message));
    globalForLimiter.gatehouseLimiterPool = created;
  }
  return globalForLimiter.gatehouseLimiterPool;
}

interface PolicyLimiters {
  failures: RateLimiterPostgres;
  lockouts: RateLimiterPostgres;
}
const limiters = new WeakMap<Pool, Map<RateLimitName, PolicyLimiters>>();

function limitersFor(name: RateLimitName): PolicyLimiters {
  const store = pool();
  const forPool = limiters.get(store) ?? new Map<RateLimitName, PolicyLimiters>();
  limiters.set(store, forPool);
  const cached = forPool.get(name);
  if (cached) return cached;
  const policy = RATE_LIMITS[name];
  const common = { storeClient: store, storeType: "pool", tableName: "RateLimit", tableCreated: true };
  const created = {
    // points = lockAfter: the failure that reaches it locks the key through block() (points + 1).
    failures: new RateLimiterPostgres({
      ...common,
      keyPrefix: name,
      points: policy.lockAfter,
      duration: policy.windowSeconds,
    }),
    // How many lockouts this key had recently: each one locks for longer.
    lockouts: new RateLimiterPostgres({
      ...common,
      keyPrefix: `${name}:lockouts`,
      points: 1_000_000,
      duration: policy.lockoutMemorySeconds,
    }),
  };
  forPool.set(name, created);
  return created;
}

/** Keys are hashed: bounded length whatever the input, and no usernames or addresses at rest. */
const keyOf = (value: string) => createHash("sha256").update(value).digest("hex");

/** Rejections with a RateLimiterRes are "over the limit", anything else is a store (database) error. */
async function consume(limiter: RateLimiterPostgres, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}

export type LimitSubject = { name: RateLimitName; value: string };

/** Seconds until password sign-in is allowed again for any of the subjects, or 0 when it is. */
export async function lockedForSeconds(subjects: LimitSubject[]): Promise<number> {
  const states = await Promise.all(
    subjects.map(async ({ name, value }) => {
      const res = await limitersFor(name).failures.get(keyOf(value));
      return res && res.consumedPoints > RATE_LIMITS[name].lockAfter ? res.msBeforeNext / 1000 : 0;
    }),
  );
  return Math.max(0, ...states);
}

export interface FailureOutcome {
  /** How long to hold the answer to this failure (slow-down). */
  delayMs: number;
  /** Set when this failure locked a subject, or found it locked by a concurrent request. */
  lockedForSeconds: number;
  /** The subjects this very failure locked: exactly one request per lockout gets each. */
  newLockouts: { name: RateLimitName; seconds: number; failures: number; lockout: number }[];
}

/** Counts one failed password sign-in against every subject. */
export async function recordFailure(subjects: LimitSubject[]): Promise<FailureOutcome> {
  const outcome: FailureOutcome = { delayMs: 0, lockedForSeconds: 0, newLockouts: [] };
  for (const { name, value } of subjects) {
    const policy = RATE_LIMITS[name];
    const { failures, lockouts } = limitersFor(name);
    const key = keyOf(value);
    const res = await consume(failures, key);
    if (res.consumedPoints === policy.lockAfter) {
      // The upsert is atomic: only one concurrent failure sees exactly lockAfter.
      const lockout = (await consume(lockouts, key)).consumedPoints;
      const seconds = lockSecondsFor(policy, lockout);
      await failures.block(key, seconds);
      outcome.newLockouts.push({ name, seconds, failures: res.consumedPoints, lockout });
      outcome.lockedForSeconds = Math.max(outcome.lockedForSeconds, seconds);
    } else if (res.consumedPoints > policy.lockAfter) {
      outcome.lockedForSeconds = Math.max(outcome.lockedForSeconds, res.msBeforeNext / 1000);
    } else {
      outcome.delayMs = Math.max(outcome.delayMs, failureDelayMs(policy, res.consumedPoints));
    }
  }
  return outcome;
}

/** Forgets the failures (and past lockouts) of a subject, after a successful sign-in. */
export async function clearFailures({ name, value }: LimitSubject): Promise<void> {
  const { failures, lockouts } = limitersFor(name);
  const key = keyOf(value);
  await Promise.all([failures.delete(key), lockouts.delete(key)]);
}

/** For tests: the failures counted for a subject right now. */
export async function failureCount({ name, value }: LimitSubject): Promise<number> {
  const res = await limitersFor(name).failures.get(keyOf(value));
  return res?.consumedPoints ?? 0;
}
