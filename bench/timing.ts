/** How every bench case times its work: medians, and pairs run in turns. */
import { performance } from "node:perf_hooks";

export const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/**
 * Rounds for an in-process read: many take about a millisecond, where the median of 15 moves by
 * ±0.2 ms from run to run on this shared machine; 60 rounds of both cost well under a second.
 */
export const READ_RUNS = RUNS * 4;

const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Median milliseconds of `fn` over `runs` calls, after one warm-up call. */
export async function median(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return mid(times);
}

/**
 * Median milliseconds of each function over `runs` rounds: every round calls each function
 * once, in an order rotated every round (after one untimed round), so that load from other
 * processes on this shared machine falls on all of them alike rather than on whichever ran
 * last. A function may return its own measure (a time to first byte); otherwise its whole call
 * is timed. `before` runs untimed before every call (e.g. to empty the group a bulk add fills).
 */
export async function rounds<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  runs = RUNS,
  options: { before?: () => Promise<unknown> } = {},
): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = -1; round < runs; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + Math.max(round, 0)) % keys.length]!;
      await options.before?.();
      const start = performance.now();
      const measured = await fns[key]();
      if (round >= 0) times[key].push(typeof measured === "number" ? measured : performance.now() - start);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, mid(times[k])])) as Record<K, number>;
}

/** Medians of Gatehouse's call and its raw SQL, run in turns (`rounds`). */
export async function paired(
  ours: () => Promise<unknown>,
  raw: () => Promise<unknown>,
  runs = RUNS,
  options: { before?: () => Promise<unknown> } = {},
): Promise<readonly [number, number]> {
  const m = await rounds({ ours, raw }, runs, options);
  return [m.ours, m.raw] as const;
}
