/**
 * The app over HTTP for benchmarks: `startApp()` serves a production build with `next start`
 * on a free port against the bench database (building first when the build is missing or
 * older than the sources), `signInCookie()` signs a user in through Auth.js and returns the
 * Cookie header to send. One app per bench run, shared by every HTTP case, stopped by
 * `stopApp()` and, whatever happens, when the process exits.
 *
 *   const app = await startApp();
 *   const { username, password } = await benchAdmin();
 *   const cookie = await signInCookie(app.url, username, password);
 *   await fetch(`${app.url}/api/me`, { headers: { cookie } });
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { hashPassword } from "@/lib/dal/credentials";
import { db } from "@/lib/dal/db";
import { adminRole, createGroup } from "@/lib/testing/factories";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT = path.join(ROOT, "node_modules/.bin/next");

export interface App {
  url: string;
  /** The `next start` process, for cases that measure its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

let app: Promise<App> | undefined;
let server: ChildProcess | undefined;

/** The running app of this bench run (started on first call). BENCH_BUILD=always|never overrides the build check. */
export function startApp(): Promise<App> {
  app ??= launch();
  return app;
}

export async function stopApp(): Promise<void> {
  if (!app) return;
  const running = await app.catch(() => undefined);
  app = undefined;
  await running?.stop();
}

async function launch(): Promise<App> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
  };
  if (needsBuild()) {
    console.log("bench: building the app (next build)…");
    const built = spawnSync(NEXT, ["build"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    if (built.status !== 0) throw new Error("next build failed");
  }
  // Its own process group, so stopping it also stops anything it forked.
  // BENCH_SERVER_NODE_FLAGS profiles the server, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof" (not allowed in NODE_OPTIONS).
  // BENCH_SERVER_NODE serves the app with another Node binary (the 22/24 of Vercel-style hosts), the bench staying on this one.
  const flags = process.env.BENCH_SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.env.BENCH_SERVER_NODE ?? process.execPath,
    [...flags, NEXT, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  server = child;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, "SIGTERM");
    const timeout = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timeout);
    server = undefined;
  };
  try {
    await Promise.race([
      waitUntilServing(`${url}/sign-in`),
      exited.then((code) => Promise.reject(new Error(`next start exited (${code})`))),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Whatever ends this process (an error, Ctrl-C) ends the server too.
process.once("exit", () => server && killGroup(server, "SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stopApp().finally(() => process.exit(130));
  });
}

/** A build older than any source it is made from is rebuilt; tests and the bench itself do not count. */
function needsBuild(): boolean {
  if (process.env.BENCH_BUILD === "always") return true;
  if (process.env.BENCH_BUILD === "never") return false;
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package.json"];
  return sources.some((source) => newestSource(path.join(ROOT, source)) > built);
}

function newestSource(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(file) ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newestSource(path.join(file, name))));
}

export async function waitUntilServing(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer at ${url}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Signs in through Auth.js's credentials callback, as the sign-in form does; returns the Cookie header. */
export async function signInCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: "/" }),
  });
  // Auth.js splits a large session token into .0, .1, … cookies: keep them all.
  const cookie = cookiesOf(signIn, (name) => name.includes("session-token"));
  const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  if (!cookie || me.status !== 200)
    throw new Error(`signing in ${username} failed (${signIn.status}, /api/me ${me.status})`);
  return cookie;
}

function cookiesOf(response: Response, keep: (name: string) => boolean = () => true): string {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!)
    .filter((pair) => keep(pair.split("=")[0]!))
    .join("; ");
}

let admin: Promise<{ id: string; username: string; password: string }> | undefined;

/**
 * An administrator of the bench data who can sign in with a password: a member of a group
 * holding gatehouse:admin, as real administrators are (created once per run).
 */
export function benchAdmin() {
  admin ??= (async () => {
    const username = "bench-admin";
    const password = randomBytes(18).toString("base64url");
    const user = await db.user.create({
      data: {
        username,
        email: "bench-admin@bench.test",
        displayName: "Bench Administrator",
        passwordHash: await hashPassword(password),
      },
      select: { id: true },
    });
    await createGroup({ name: "Bench Administrators", roleIds: [(await adminRole()).id], memberIds: [user.id] });
    return { id: user.id, username, password };
  })();
  return admin;
}
