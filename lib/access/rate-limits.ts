/**
 * Rate-limit policies, one named entry per limit (enforced by lib/dal/sign-in-limiter.ts).
 * Only failed password sign-ins count: a user or a test suite signing in correctly many times
 * from one address is never slowed down.
 */
import { count } from "../text/plural";

export const RATE_LIMITS = {
  /** Failed password sign-ins per username (normalised login, whether or not the account exists). */
  "sign-in:username": {
    /** Failures counted within this window; the count restarts when it ends. */
    windowSeconds: 15 * 60,
    /** From this many failures on, each further failure is answered after a growing delay. */
    slowAfter: 3,
    /** Delay before answering the failure after `slowAfter` failures; doubles with each failure. */
    firstDelayMs: 500,
    maxDelayMs: 4_000,
    /** This many failures lock password sign-in for the account. */
    lockAfter: 6,
    /** Lock duration of the 1st, 2nd, 3rd… lockout within `lockoutMemorySeconds`: it grows. */
    lockSeconds: [5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60],
    lockoutMemorySeconds: 24 * 60 * 60,
    /** A successful sign-in forgets the username's failures and past lockouts. */
    clearOnSuccess: true,
  },
  /**
   * Failed password sign-ins per client address, across usernames (password spraying). Generous:
   * an office behind one NAT, or the Playwright suite on 127.0.0.1, never comes near it.
   */
  "sign-in:ip": {
    windowSeconds: 15 * 60,
    slowAfter: 30,
    firstDelayMs: 250,
    maxDelayMs: 2_000,
    lockAfter: 100,
    lockSeconds: [15 * 60, 60 * 60],
    lockoutMemorySeconds: 24 * 60 * 60,
    /** One account signing in from an address does not excuse the failures of others there. */
    clearOnSuccess: false,
  },
} as const satisfies Record<string, FailureLimit>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface FailureLimit {
  windowSeconds: number;
  slowAfter: number;
  firstDelayMs: number;
  maxDelayMs: number;
  lockAfter: number;
  lockSeconds: readonly number[];
  lockoutMemorySeconds: number;
  clearOnSuccess: boolean;
}

/** How long to hold the answer to a failure, given the failures counted so far (this one included). */
export function failureDelayMs(limit: FailureLimit, failures: number): number {
  if (failures < limit.slowAfter || failures >= limit.lockAfter) return 0;
  return Math.min(limit.maxDelayMs, limit.firstDelayMs * 2 ** (failures - limit.slowAfter));
}

/** Lock duration of the n-th lockout (1-based) within the lockout memory; the last step repeats. */
export function lockSecondsFor(limit: FailureLimit, lockout: number): number {
  const steps = limit.lockSeconds;
  return steps[Math.min(Math.max(lockout, 1), steps.length) - 1] ?? steps[0] ?? 60;
}

/** "Too many attempts. Try again in 4 minutes." Rounded up: never tells someone to come back too early. */
export function lockedMessage(retryAfterSeconds: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  if (seconds < 60) return `Too many attempts. Try again in ${count(seconds, "second")}.`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `Too many attempts. Try again in ${count(minutes, "minute")}.`;
  return `Too many attempts. Try again in ${Math.ceil(minutes / 60)} hours.`;
}

/**
 * Request budgets (fixed windows), one named entry per limit, enforced by lib/dal/token-auth.ts.
 * `API_TOKEN_RATE_LIMIT` (requests per minute) overrides the token budget for a deployment, for
 * example for a bulk import or the benchmark.
 */
export const REQUEST_LIMITS = {
  /** Requests per API token (REST API and SCIM together). */
  "api:token": { points: 600, windowSeconds: 60 },
} as const satisfies Record<string, { points: number; windowSeconds: number }>;

export type RequestLimitName = keyof typeof REQUEST_LIMITS;

export function requestLimit(name: RequestLimitName, env: Record<string, string | undefined> = process.env) {
  const policy = REQUEST_LIMITS[name];
  const override = Number.parseInt(env.API_TOKEN_RATE_LIMIT ?? "", 10);
  return name === "api:token" && Number.isSafeInteger(override) && override > 0
    ? { ...policy, points: override }
    : policy;
}
