/** How every bench case times its work: medians, and pairs run in turns. */
import { performance } from "node:perf_hooks";

export const RUNS = Number(process.env.BENCH_RUNS ?? 15);

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
 * Medians of Gatehouse's call and its raw SQL, run alternately (one warm-up each, and the order
 * switched every round) so that load from other processes on this shared machine falls on both
 * alike rather than on whichever ran second. `before` runs untimed before every call (e.g. to
 * empty the group a bulk add fills).
 */
export async function paired(
  ours: () => Promise<unknown>,
  raw: () => Promise<unknown>,
  runs = RUNS,
  options: { before?: () => Promise<unknown> } = {},
): Promise<readonly [number, number]> {
  const timed = async (fn: () => Promise<unknown>) => {
    await options.before?.();
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  await timed(ours);
  await timed(raw);
  const [a, b]: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      b.push(await timed(raw));
      a.push(await timed(ours));
    } else {
      a.push(await timed(ours));
      b.push(await timed(raw));
    }
  }
  return [mid(a), mid(b)] as const;
}
