#!/usr/bin/env node
// Runs the stock Prisma CLI. Where Prisma's native schema engine cannot be downloaded (machines that
// reach only the npm registry), the CLI talks to prisma/engine/schema-engine.mjs, a stand-in that
// forwards its JSON-RPC to the wasm build of the same engine. Set PRISMA_SCHEMA_ENGINE_BINARY yourself
// to use another engine; set GATEHOUSE_NATIVE_PRISMA=1 to let Prisma download and use its native one.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && env.GATEHOUSE_NATIVE_PRISMA !== "1") {
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, "prisma/engine/schema-engine");
}
const cli = path.join(root, "node_modules/prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
process.exit(result.status ?? 1);
