#!/usr/bin/env node
/**
 * Browser tests as a user meets the app: a fresh embedded database with the demo
 * organisation, a production build served by `next start`, and Playwright in Chromium.
 * Arguments go to `playwright test` (e.g. a spec file). SKIP_BUILD=1 reuses .next.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { ensureBrowser } from "./lib/browser.mjs";
import { freePort, root, startDatabase } from "./lib/database.mjs";

const bin = (name) => path.join(root, "node_modules/.bin", name);
let chromium;
let database;
try {
  chromium = ensureBrowser();
  database = await startDatabase({ fresh: true });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const port = Number(process.env.E2E_PORT ?? (await freePort()));
const control = database.pause ? await databaseControl(database) : undefined;
const env = {
  ...process.env,
  ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
  DATABASE_URL: database.url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  AUTH_TRUST_HOST: "true",
  AUTH_URL: `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
  E2E_BASE_URL: `http://localhost:${port}`,
  ...(control ? { E2E_DB_CONTROL: control.url } : {}),
};
let server;
let status = 1;
try {
  // One stage only: the existing specs run as before stages existed (no stage UI); e2e/stages.spec.ts
  // adds Development and QA itself through the Stages screen, and removes them at the end.
  run(bin("tsx"), ["prisma/seed.ts"], { ...env, DEMO_STAGES: "default" });
  if (process.env.SKIP_BUILD !== "1") run(bin("next"), ["build"], { ...env, NODE_ENV: "production" });
  server = spawn(bin("next"), ["start", "-p", String(port), "-H", "localhost"], {
    cwd: root,
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise((_, reject) => server.on("exit", () => reject(new Error("next start exited early"))));
  exited.catch(() => {}); // after the run, the server exiting is expected
  await Promise.race([waitFor(`${env.E2E_BASE_URL}/sign-in`), exited]);
  // Asynchronously: this process keeps serving the database switch while the tests run.
  const tests = spawn(bin("playwright"), ["test", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
  status = await new Promise((resolve) => tests.on("exit", (code) => resolve(code ?? 1)));
} catch (error) {
  console.error(error.message);
} finally {
  server?.kill("SIGTERM");
  control?.close();
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

/**
 * The outage spec stops and restarts the database under the running app: POST /stop and
 * POST /start on a loopback port known only to this run's Playwright process.
 */
async function databaseControl(db) {
  const controlPort = await freePort();
  const token = randomBytes(16).toString("hex");
  const controlServer = http.createServer(async (request, response) => {
    const action = request.method === "POST" && request.url === `/${token}/stop` ? db.pause : undefined;
    const start = request.method === "POST" && request.url === `/${token}/start` ? db.resume : undefined;
    const work = action ?? start;
    if (!work) return response.writeHead(404).end();
    try {
      await work();
      response.writeHead(204).end();
    } catch (error) {
      response.writeHead(500).end(String(error?.message ?? error));
    }
  });
  await new Promise((resolve) => controlServer.listen(controlPort, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${controlPort}/${token}`, close: () => controlServer.close() };
}
