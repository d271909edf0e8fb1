/**
 * One table for every benchmark case: `report()` prints a case as Gatehouse vs its baseline
 * (measured in the same run) and keeps it; `writeResults()` writes the run's table to
 * bench/results.md, which is committed with the numbers of the last full run.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The generated user in the middle of the bench data (user050000 at 100k users; BENCH_USERS scales it). */
export function middleUsername(): string {
  const users = Number(process.env.BENCH_USERS ?? 100_000);
  return `user${String(Math.ceil(users / 2)).padStart(6, "0")}`;
}

export type Unit = "ms" | "req/s";

export interface BenchRow {
  name: string;
  gatehouse: number;
  raw: number;
  unit: Unit;
  /** How many times the baseline's cost Gatehouse pays: > 1 is slower, for times and for rates alike. */
  ratio: number;
  note?: string;
}

const rows: BenchRow[] = [];
const notes: string[] = [];
const WIDTH = 72;

/**
 * Prints and records one case. Times (ms, lower is better) give ratio = gatehouse / raw;
 * rates (req/s, higher is better) give ratio = raw / gatehouse, so a ratio above 1 always
 * means Gatehouse is slower than its baseline.
 */
export function report(name: string, gatehouse: number, raw: number, options: { unit?: Unit; note?: string } = {}) {
  const unit = options.unit ?? "ms";
  const ratio = unit === "req/s" ? raw / gatehouse : gatehouse / raw;
  if (rows.length === 0) {
    console.log(
      `\n${"case".padEnd(WIDTH)} ${"Gatehouse".padStart(10)} ${"raw SQL".padStart(10)} ${"ratio".padStart(7)}`,
    );
  }
  rows.push({ name, gatehouse, raw, unit, ratio, note: options.note });
  const value = (n: number) => `${n.toFixed(1)}${unit === "ms" ? "" : "/s"}`.padStart(10);
  console.log(`${name.padEnd(WIDTH)} ${value(gatehouse)} ${value(raw)} ${ratio.toFixed(2).padStart(7)}`);
}

/** A line under the table (a baseline's definition, an EXPLAIN summary); printed now, written with the table. */
export function reportNote(note: string) {
  notes.push(note);
  console.log(`  note: ${note}`);
}

/** Forgets the cases and notes reported so far (a rerun in the same process starts a new table). */
export function resetReport() {
  rows.length = 0;
  notes.length = 0;
}

export function reportedRows(): readonly BenchRow[] {
  return rows;
}

/** Writes bench/results.md: the table of this run, its scale and the machine it ran on (formatted as the repo's Prettier would). */
export async function writeResults(scale: string, file = path.join(import.meta.dirname, "results.md")) {
  const cell = (n: number, unit: Unit) => (unit === "ms" ? `${n.toFixed(1)} ms` : `${n.toFixed(0)} req/s`);
  const lines = [
    "# Benchmark results",
    "",
    `Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, \`npm run bench\`, ${scale}.`,
    `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; the app, ` +
      `the database and the load generator share it (load average at the end: ${os.loadavg()[0]!.toFixed(1)}).`,
    "",
    "Ratio: how many times its baseline's cost Gatehouse pays (times: Gatehouse / raw; rates: raw / Gatehouse).",
    "",
    "| case | Gatehouse | raw SQL (baseline) | ratio | notes |",
    "|---|---:|---:|---:|---|",
    ...rows.map((row) => {
      const cells = [row.name, cell(row.gatehouse, row.unit), cell(row.raw, row.unit), row.ratio.toFixed(2)];
      return `| ${[...cells, row.note ?? ""].map((text) => text.replaceAll("|", "\\|")).join(" | ")} |`;
    }),
    ...(notes.length ? ["", ...notes.map((note) => `- ${note}`)] : []),
    "",
  ];
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(lines.join("\n"), { ...options, plugins: [], filepath: file }));
  console.log(`\nwrote ${path.relative(process.cwd(), file)} (${rows.length} cases)`);
}
