import "server-only";
import pg from "pg";

/**
 * Whether the database answers, for the readiness probe and the outage page. A plain
 * one-connection pg pool rather than Prisma: the proxy imports this, and a probe must not
 * wait behind a busy application pool. An answer is reused for a second so a burst of
 * requests costs one round trip; a failure is re-checked at the next request.
 */
const FRESH_FOR_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;

const globalForHealth = globalThis as unknown as {
  gatehouseHealth?: { pool: pg.Pool; checkedAt: number; ready: boolean; pending?: Promise<boolean> };
};

function state() {
  if (!globalForHealth.gatehouseHealth) {
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
      query_timeout: CONNECT_TIMEOUT_MS,
    });
    pool.on("error", () => {}); // an idle connection dropped by a stopping server; the next check reconnects
    globalForHealth.gatehouseHealth = { pool, checkedAt: 0, ready: false };
  }
  return globalForHealth.gatehouseHealth;
}

/** True when `SELECT 1` succeeds now (or did a moment ago). Never throws. */
export async function isDatabaseReady({ fresh = false } = {}): Promise<boolean> {
  if (!process.env.DATABASE_URL) return false;
  const s = state();
  if (!fresh && s.ready && Date.now() - s.checkedAt < FRESH_FOR_MS) return true;
  s.pending ??= s.pool
    .query("SELECT 1")
    .then(
      () => true,
      () => false,
    )
    .then((ready) => {
      s.ready = ready;
      s.checkedAt = Date.now();
      s.pending = undefined;
      return ready;
    });
  return s.pending;
}

/** After a request failed for want of a database: the next readiness question asks it again. */
export function forgetDatabaseReady() {
  const s = globalForHealth.gatehouseHealth;
  if (s) s.checkedAt = 0;
}
