#!/usr/bin/env node
/**
 * Browser tests as a user meets the app: a fresh embedded database with the demo
 * organisation, a production build served by `next start`, and Playwright in Chromium.
 * Arguments go to `playwright test` (e.g. a spec file). SKIP_BUILD=1 reuses .next.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { freePort, root, startDatabase } from "./lib/database.mjs";

const bin = (name) => path.join(root, "node_modules/.bin", name);
const database = await startDatabase({ fresh: true });
const port = Number(process.env.E2E_PORT ?? (await freePort()));
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  AUTH_TRUST_HOST: "true",
  AUTH_URL: `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
  E2E_BASE_URL: `http://localhost:${port}`,
};
let server;
let status = 1;
try {
  run(bin("tsx"), ["prisma/seed.ts"]);
  if (process.env.SKIP_BUILD !== "1") run(bin("next"), ["build"], { ...env, NODE_ENV: "production" });
  server = spawn(bin("next"), ["start", "-p", String(port), "-H", "localhost"], {
    cwd: root,
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise((_, reject) => server.on("exit", () => reject(new Error("next start exited early"))));
  exited.catch(() => {}); // after the run, the server exiting is expected
  await Promise.race([waitFor(`${env.E2E_BASE_URL}/sign-in`), exited]);
  status =
    spawnSync(bin("playwright"), ["test", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" }).status ?? 1;
} catch (error) {
  console.error(error.message);
} finally {
  server?.kill("SIGTERM");
  await database.stop();
}
process.exit(status);

function run(command, args, runEnv = env) {
  const result = spawnSync(command, args, { cwd: root, env: runEnv, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} failed`);
}

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not answer at ${url}`);
}
