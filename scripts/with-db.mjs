#!/usr/bin/env node
/**
 * Runs a command with DATABASE_URL pointing at a migrated PostgreSQL:
 *   node scripts/with-db.mjs [--fresh] <command> [args...]
 * Without --fresh: DATABASE_URL if set, else the embedded development database (.data/postgres).
 * With --fresh (tests, benchmarks): TEST_DATABASE_URL if set, else a new throwaway embedded
 * database; DATABASE_URL is deliberately ignored so tests never touch a real database.
 */
import { spawn } from "node:child_process";
import { migrate, root, startDatabase } from "./lib/database.mjs";

const argv = process.argv.slice(2);
const fresh = argv[0] === "--fresh";
const command = fresh ? argv.slice(1) : argv;
if (!command.length) {
  console.error("usage: node scripts/with-db.mjs [--fresh] <command> [args...]");
  process.exit(2);
}

const external = fresh ? process.env.TEST_DATABASE_URL : process.env.DATABASE_URL;
let database;
try {
  if (external) {
    migrate(external);
    database = { url: external, stop: async () => {} };
  } else {
    database = await startDatabase({ fresh });
  }
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
