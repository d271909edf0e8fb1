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

/** The limiters' own small pool, shared with the API token limiter (lib/dal/token-auth.ts). */
export function limiterPool(): Pool {
  if (!globalForLimiter.gatehouseLimiterPool) {
    const created = new Pool({
      connectionString: process.env.DATABASE_URL,
      max: 3,
      // Counters need not survive a database crash (at worst the last fraction of a second of
      // counts is lost), so their commits skip the WAL flush: an API request's count then costs
      // a round trip, not a disk sync.
      options: "-c synchronous_commit=off",
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
  const store = limiterPool();
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

/**
 * Counts an attempt against every subject before the password is checked, so that concurrent
 * guesses cannot all get in before the first failure is counted: only the first `lockAfter`
 * attempts of a window are ever checked. Returns the count of each subject (this attempt
 * included), or the seconds to wait when a subject is locked (then nothing stays counted
 * against the subjects that are not).
 */
export async function beginAttempt(subjects: LimitSubject[]): Promise<{ counts: number[]; lockedForSeconds: number }> {
  const results = await Promise.all(
    subjects.map(({ name, value }) => consume(limitersFor(name).failures, keyOf(value))),
  );
  const over = results.map((res, i) => res.consumedPoints > RATE_LIMITS[subjects[i]!.name].lockAfter);
  const lockedForSeconds = Math.max(0, ...results.map((res, i) => (over[i] ? res.msBeforeNext / 1000 : 0)));
  if (lockedForSeconds > 0) {
    await Promise.all(
      subjects.map(({ name, value }, i) => (over[i] ? null : limitersFor(name).failures.reward(keyOf(value), 1))),
    );
  }
  return { counts: results.map((res) => res.consumedPoints), lockedForSeconds };
}

/** The attempt was right: the username's count (and lockout history) is cleared, the address's refunded. */
export async function attemptSucceeded(subjects: LimitSubject[]): Promise<void> {
  await Promise.all(
    subjects.map(async ({ name, value }) => {
      const { failures, lockouts } = limitersFor(name);
      const key = keyOf(value);
      if (RATE_LIMITS[name].clearOnSuccess) await Promise.all([failures.delete(key), lockouts.delete(key)]);
      else await failures.reward(key, 1);
    }),
  );
}

export interface FailureOutcome {
  /** How long to hold the answer to this failure (slow-down). */
  delayMs: number;
  /** Set when this failure locked a subject. */
  lockedForSeconds: number;
  /** The subjects this very failure locked: exactly one attempt per lockout gets each. */
  newLockouts: { name: RateLimitName; seconds: number; failures: number; lockout: number }[];
}

/** The attempt was wrong: it stays counted; the one that reached `lockAfter` locks its subject. */
export async function attemptFailed(subjects: LimitSubject[], counts: number[]): Promise<FailureOutcome> {
  const outcome: FailureOutcome = { delayMs: 0, lockedForSeconds: 0, newLockouts: [] };
  for (const [i, { name, value }] of subjects.entries()) {
    const policy = RATE_LIMITS[name];
    const count = counts[i] ?? 0;
    if (count === policy.lockAfter) {
      // Counting is one atomic upsert: exactly one attempt of a window sees lockAfter.
      const { failures, lockouts } = limitersFor(name);
      const key = keyOf(value);
      const lockout = (await consume(lockouts, key)).consumedPoints;
      const seconds = lockSecondsFor(policy, lockout);
      await failures.block(key, seconds);
      outcome.newLockouts.push({ name, seconds, failures: count, lockout });
      outcome.lockedForSeconds = Math.max(outcome.lockedForSeconds, seconds);
    } else {
      outcome.delayMs = Math.max(outcome.delayMs, failureDelayMs(policy, count));
    }
  }
  return outcome;
}

/** For tests: the failures counted for a subject right now. */
export async function failureCount({ name, value }: LimitSubject): Promise<number> {
  const res = await limitersFor(name).failures.get(keyOf(value));
  return res?.consumedPoints ?? 0;
}
