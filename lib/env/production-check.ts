/** Refuses to start in production without what production needs, one line per missing setting. */
export function assertProductionEnvironment() {
  if (process.env.NODE_ENV !== "production" || process.env.NEXT_PHASE === "phase-production-build") return;
  const missing = [
    !process.env.DATABASE_URL &&
      "DATABASE_URL is not set: point it at your PostgreSQL (postgresql://user:pass@host/db).",
    !process.env.AUTH_SECRET && "AUTH_SECRET is not set: generate one with `openssl rand -base64 32`.",
  ].filter(Boolean);
  if (missing.length === 0) return;
  for (const line of missing) console.error(`Gatehouse cannot start: ${line}`);
  process.exit(1);
}
