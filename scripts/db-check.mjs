#!/usr/bin/env node
/**
 * Fails when prisma/schema.prisma and prisma/migrations disagree: the migrations are replayed
 * into a shadow database and compared with the schema (`prisma migrate diff --exit-code`).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root, startDatabase } from "./lib/database.mjs";

const database = await startDatabase({ fresh: true }).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
const result = spawnSync(
  process.execPath,
  [
    path.join(root, "scripts/prisma.mjs"),
    "migrate",
    "diff",
    "--from-migrations",
    "prisma/migrations",
    "--to-schema",
    "prisma/schema.prisma",
    "--script",
    "--exit-code",
  ],
  { cwd: root, env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" },
);
await database.stop();

if (result.status === 0) {
  console.log("db:check: schema.prisma and prisma/migrations agree");
  console.log("1 passed, 0 failed");
  process.exit(0);
}
if (result.status === 2) {
  console.error("db:check: schema.prisma has changes that no migration contains:\n");
  console.error(result.stdout.trim());
  console.error("\nCreate a migration for them: npm run db:migrate:dev -- --name <what-changed>");
} else {
  console.error(`db:check could not compare the schema with the migrations:\n${result.stdout}${result.stderr}`);
}
console.log("0 passed, 1 failed");
process.exit(1);
