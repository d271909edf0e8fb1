/**
 * A stand-in for Prisma's native schema engine, for machines that cannot download it.
 *
 * The Prisma CLI starts its schema engine as a child process and speaks JSON-RPC to it
 * over stdin/stdout (`migrate deploy|dev|status|reset|diff`, `db push`), or runs it once
 * as `--datasource {"url"} cli <command>`. This script accepts both and forwards every
 * request to @prisma/schema-engine-wasm, the same engine compiled to WebAssembly, which
 * reaches PostgreSQL through @prisma/adapter-pg. Both packages are pinned in package.json
 * to the versions built for the installed prisma CLI.
 *
 * It also works around defects of adapter-pg 7.10 when the schema engine drives it:
 * - PostgreSQL's internal "char" type (oid 18, in pg_catalog) is unsupported: read it as text;
 * - executeScript splits on ";" (breaking $$ bodies, and not atomic): send the script whole;
 * - connectToShadowDb lets the connection string win over the shadow database name: rewrite the URL.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import readline from "node:readline";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { createRequire } from "node:module";

const args = parseArgs(process.argv.slice(2));
const url = args.datasource?.url ?? process.env.DATABASE_URL;

class Client extends pg.Client {
  query(config, values, callback) {
    // pg.Pool#query passes a callback; the adapter's transactions use the promise.
    if (typeof values === "function") [values, callback] = [undefined, values];
    if (typeof callback === "function") {
      const done = callback;
      callback = (error, result) => done(error, error ? result : readCharAsText(result));
    }
    const result = super.query(config, values, callback);
    if (result && typeof result.then === "function") return result.then(readCharAsText);
    return result;
  }
}
function readCharAsText(result) {
  for (const res of Array.isArray(result) ? result : [result]) {
    for (const field of res?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return result;
}

function withDatabase(connectionString, database) {
  const parsed = new URL(connectionString);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
function databaseOf(connectionString) {
  return decodeURIComponent(new URL(connectionString).pathname.slice(1)) || "postgres";
}

class Factory extends PrismaPg {
  constructor(connectionString) {
    super(new pg.Pool({ connectionString, Client }), { disposeExternalPool: true });
    this.connectionString = connectionString;
  }
  async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script) => {
      try {
        await adapter.client.query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  }
  async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = new pg.Client({ connectionString: this.connectionString });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const shadow = new Factory(withDatabase(this.connectionString, database));
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const cleanup = new pg.Client({ connectionString: this.connectionString });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await cleanup.end();
    };
    return adapter;
  }
}

/** Runs `fn` against the server's maintenance database (to create or drop ours). */
async function onServer(fn) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase() {
  const name = databaseOf(url);
  await onServer(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  });
}

/** One-shot commands, reported the way the native engine does: JSON log lines on stderr. */
async function runCli(command) {
  try {
    if (command === "can-connect-to-database") {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await ensureDatabase();
    } else if (command === "drop-database") {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${databaseOf(url)}" WITH (FORCE)`));
    } else {
      throw Object.assign(new Error(`Unsupported command: ${command}`), { errorCode: "P1000" });
    }
    process.stdout.write(JSON.stringify({ result: null }) + "\n");
    return 0;
  } catch (error) {
    const errorCode = error.code === "3D000" ? "P1003" : (error.errorCode ?? "P1001");
    const message = error.code === "3D000" ? `Database \`${databaseOf(url)}\` does not exist` : error.message;
    process.stderr.write("schema-engine stand-in\n");
    process.stderr.write(
      JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields: { error_code: errorCode, message } }) +
        "\n",
    );
    return 1;
  }
}

async function serveRpc() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => process.stderr.write(`${message}\n`) };
  const datamodels = args.datamodels.length
    ? args.datamodels.map((file) => [file, readFileSync(file, "utf8")])
    : undefined;
  const log = (line) => process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);
  const factory = url ? bindMigrationAwareSqlAdapterFactory(new Factory(url)) : undefined;
  if (url) await ensureDatabase();
  const SchemaEngine = await loadWasmEngine();
  const engine = await SchemaEngine.new({ datamodels }, log, factory);
  const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (request.method === undefined) return; // a reply to a request of ours
    queue = queue.then(() => handle(engine, request, send));
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

async function handle(engine, { id, method, params }, send) {
  try {
    if (typeof engine[method] !== "function") throw new Error(`Unknown method ${method}`);
    // The native engine's migrate dev asks for a diagnostic first; the wasm one relies on it.
    if (method === "createMigration" && !handle.diagnosed) {
      handle.diagnosed = true;
      await engine
        .devDiagnostic({
          migrationsList: params.migrationsList,
          filters: params.filters ?? { externalTables: [], externalEnums: [] },
        })
        .catch(() => {});
    }
    const result = await engine[method](params ?? {});
    if (method === "diff" && result && typeof result.stdout === "string") {
      // The native engine prints diffs through a `print` request; the wasm engine returns them.
      process.stdout.write(
        JSON.stringify({ jsonrpc: "2.0", id: -1, method: "print", params: { content: result.stdout } }) + "\n",
      );
    }
    send({ id, result: result ?? null });
  } catch (error) {
    const data = toErrorData(error);
    send({ id, error: { code: 4466, message: data.message, data } });
  }
}

function toErrorData(error) {
  if (error && typeof error === "object" && "message" in error) {
    return {
      is_panic: Boolean(error.is_panic),
      message: String(error.message),
      error_code: error.error_code ?? error.errorCode,
      meta: error.meta,
    };
  }
  try {
    const parsed = JSON.parse(String(error));
    return { is_panic: false, ...parsed };
  } catch {
    return { is_panic: false, message: String(error) };
  }
}

/** The package targets bundlers (`import "./x.wasm"`); instantiate it by hand for plain Node. */
async function loadWasmEngine() {
  const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmFile = createRequire(import.meta.url)
    .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
    .replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bindings.SchemaEngine;
}

function parseArgs(argv) {
  const parsed = { datamodels: [], datasource: undefined, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels") parsed.datamodels.push(argv[++i]);
    else if (arg === "--datasource") parsed.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") parsed.cli = argv[++i];
    else if (arg.startsWith("--")) i++;
  }
  return parsed;
}

if (args.cli) process.exit(await runCli(args.cli));
else await serveRpc();
