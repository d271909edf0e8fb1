import { describe, expect, it } from "vitest";
import { RATE_LIMITS, failureDelayMs, lockSecondsFor, lockedMessage } from "./rate-limits";

const byUsername = RATE_LIMITS["sign-in:username"];

describe("sign-in rate-limit policies", () => {
  it("answers the first failures at once, then waits longer after each, up to the cap", () => {
    const delays = Array.from({ length: byUsername.lockAfter }, (_, i) => failureDelayMs(byUsername, i + 1));
    expect(delays.slice(0, byUsername.slowAfter - 1).every((d) => d === 0)).toBe(true);
    const slowed = delays.slice(byUsername.slowAfter - 1, byUsername.lockAfter - 1);
    expect(slowed[0]).toBe(byUsername.firstDelayMs);
    for (let i = 1; i < slowed.length; i++) expect(slowed[i]).toBeGreaterThan(slowed[i - 1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(byUsername.maxDelayMs);
  });

  it("locks for longer at each lockout, and keeps the last step after that", () => {
    const steps = [1, 2, 3, 4, 5, 9].map((n) => lockSecondsFor(byUsername, n));
    for (let i = 1; i < 4; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]!);
    expect(steps[5]).toBe(steps[3]);
  });

  it("keeps the per-address limit far above what one office or a test suite fails", () => {
    expect(RATE_LIMITS["sign-in:ip"].lockAfter).toBeGreaterThanOrEqual(10 * byUsername.lockAfter);
  });

  it("says when to try again, rounded up", () => {
    expect(lockedMessage(240)).toBe("Too many attempts. Try again in 4 minutes.");
    expect(lockedMessage(181)).toBe("Too many attempts. Try again in 4 minutes.");
    expect(lockedMessage(60)).toBe("Too many attempts. Try again in 1 minute.");
    expect(lockedMessage(12.2)).toBe("Too many attempts. Try again in 13 seconds.");
    expect(lockedMessage(4 * 3600)).toBe("Too many attempts. Try again in 4 hours.");
  });
});
