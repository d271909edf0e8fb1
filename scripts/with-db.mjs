#!/usr/bin/env node
/**
 * Runs a command with DATABASE_URL pointing at a migrated PostgreSQL:
 *   node scripts/with-db.mjs [--fresh] <command> [args...]
 * Without --fresh: DATABASE_URL if set, else the embedded development database (.data/postgres).
 * With --fresh (tests, benchmarks): a database of its own, dropped afterwards: a new database on
 * the DATABASE_URL server if set, else a throwaway embedded PostgreSQL.
 */
import { spawn } from "node:child_process";
import { root, startDatabase } from "./lib/database.mjs";

const argv = process.argv.slice(2);
const fresh = argv[0] === "--fresh";
const command = fresh ? argv.slice(1) : argv;
if (!command.length) {
  console.error("usage: node scripts/with-db.mjs [--fresh] <command> [args...]");
  process.exit(2);
}

let database;
try {
  database = await startDatabase({ fresh });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const child = spawn(command[0], command.slice(1), {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", async (code, signal) => {
  await database.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
