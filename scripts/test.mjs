#!/usr/bin/env node
/**
 * `npm test`: every check, in order, each one counted; ends with `N passed, N failed`.
 * lint · format · typecheck · db:check · unit · integration · e2e (build + browser).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { assertPostgresUserCanEnter, root } from "./lib/database.mjs";

const bin = (name) => path.join(root, "node_modules/.bin", name);
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });
const vitestJson = (name) => [
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${path.join(results, `${name}.json`)}`,
];

const stages = [
  { name: "lint", cmd: [bin("eslint"), "--max-warnings=0", "."] },
  { name: "format", cmd: [bin("prettier"), "--check", "--log-level=warn", "."] },
  { name: "typecheck", cmd: [bin("tsc"), "--noEmit"] },
  { name: "db:check", cmd: ["node", "scripts/db-check.mjs"] },
  { name: "unit", cmd: [bin("vitest"), "run", "--project", "unit", ...vitestJson("unit")], report: "unit.json" },
  {
    name: "integration",
    cmd: [
      "node",
      "scripts/with-db.mjs",
      "--fresh",
      bin("vitest"),
      "run",
      "--project",
      "integration",
      ...vitestJson("integration"),
    ],
    report: "integration.json",
  },
  { name: "e2e", cmd: ["node", "scripts/e2e.mjs"], report: "e2e.json", extra: "build" },
];

// A checkout the embedded PostgreSQL cannot reach fails every database stage: say so once, up front.
try {
  assertPostgresUserCanEnter();
} catch (error) {
  console.error(error.message);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const rows = [];
for (const stage of stages) {
  console.log(`\n━━ ${stage.name} ━━`);
  const report = stage.report && path.join(results, stage.report);
  if (report) rmSync(report, { force: true });
  const started = Date.now();
  const { status } = spawnSync(stage.cmd[0], stage.cmd.slice(1), {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "1" },
  });
  let passed = status === 0 ? 1 : 0;
  let failed = status === 0 ? 0 : 1;
  if (report && existsSync(report)) {
    const counts = countsOf(JSON.parse(readFileSync(report, "utf8")));
    passed = counts.passed;
    failed = counts.failed + (status !== 0 && counts.failed === 0 ? 1 : 0);
  }
  rows.push({ stage: stage.name, passed, failed, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log("\n━━ summary ━━");
for (const row of rows)
  console.log(
    `${row.stage.padEnd(12)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed  ${row.seconds}s`,
  );
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** Vitest's JSON (numPassedTests…) or Playwright's (stats.expected…). */
function countsOf(json) {
  if (json.stats) return { passed: json.stats.expected + json.stats.flaky, failed: json.stats.unexpected };
  return {
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0),
  };
}
