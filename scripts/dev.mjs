#!/usr/bin/env node
/**
 * `npm run dev`: the embedded PostgreSQL (unless DATABASE_URL is set), migrations, the demo
 * organisation on first run, a local AUTH_SECRET, then `next dev`. Ctrl-C stops everything.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { root, startDatabase } from "./lib/database.mjs";

const database = await startDatabase().catch((error) => {
  console.error(error.message);
  process.exit(1);
});

const env = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: process.env.AUTH_SECRET ?? localSecret(),
  NEXT_TELEMETRY_DISABLED: "1",
};

if (await isEmpty(database.url)) {
  console.log("Loading the demo organisation…");
  const seeded = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (seeded.status !== 0) {
    await database.stop();
    process.exit(1);
  }
}

console.log(`
  Gatehouse demo sign-in (password for every demo user: gatehouse-demo)
    admin          administrator (member of Administrators)
    zara.ahmed     auditor: reads the admin area, changes nothing
    maria.garcia   end user: sees My access
`);

const next = spawn(path.join(root, "node_modules/.bin/next"), ["dev", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", async (code) => {
  await database.stop();
  process.exit(code ?? 0);
});

function localSecret() {
  const file = path.join(root, ".data/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function isEmpty(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "User"');
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}
