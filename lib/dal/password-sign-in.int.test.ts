import { createHash } from "node:crypto";
import { verify } from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import { RATE_LIMITS } from "@/lib/access/rate-limits";
import { credentialsErrorMessage, refusalCode } from "@/lib/auth/sign-in-messages";
import { adminActor, createUser, unique } from "@/lib/testing/factories";
import { hashPassword } from "./credentials";
import { db } from "./db";
import { createProvider } from "./identity-providers";
import { signInWithIdp } from "./idp-sign-in";
import { SignInRefusal, signInWithPassword } from "./password-sign-in";
import { failureCount } from "./sign-in-limiter";

// Counts password checks, to prove that concurrent guesses beyond the limit are never checked.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

const PASSWORD = "correct horse battery";
const USERNAME = RATE_LIMITS["sign-in:username"];

async function userWithPassword(username?: string) {
  const user = await createUser({ username });
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return user;
}
/** Each test its own client address, so the per-address counter never mixes tests. */
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique("t")}`;
const key = (policy: string, value: string) => `${policy}:${createHash("sha256").update(value).digest("hex")}`;

type Outcome = { kind: "ok" } | { kind: "wrong" } | { kind: "locked"; retry: number } | { kind: "unavailable" };
async function attempt(login: string, password: string, from: string): Promise<Outcome & { ms: number }> {
  const started = performance.now();
  const outcome = await signInWithPassword(login, password, from).then(
    (identity): Outcome => (identity ? { kind: "ok" } : { kind: "wrong" }),
    (error: unknown): Outcome => {
      if (!(error instanceof SignInRefusal)) throw error;
      return error.reason === "locked" ? { kind: "locked", retry: error.retryAfterSeconds } : { kind: "unavailable" };
    },
  );
  return { ...outcome, ms: performance.now() - started };
}
async function fail(login: string, from: string, times: number) {
  const outcomes = [];
  for (let i = 0; i < times; i++) outcomes.push(await attempt(login, "wrong password", from));
  return outcomes;
}
const lockAudits = (targetName: string) =>
  db.auditEvent.findMany({ where: { action: "user.sign_in_locked", targetName } });

describe("password sign-in throttling", () => {
  it("slows down after a few failures, then locks with a retry time, even for the right password", async () => {
    const user = await userWithPassword();
    const from = address();
    const outcomes = await fail(user.username, from, USERNAME.lockAfter);
    expect(outcomes.map((o) => o.kind)).toEqual([...Array(USERNAME.lockAfter - 1).fill("wrong"), "locked"]);
    // The failures before slowAfter are answered at once; from then on each waits longer.
    const slowed = outcomes.slice(USERNAME.slowAfter - 1, USERNAME.lockAfter - 1);
    expect(slowed[0]!.ms).toBeGreaterThanOrEqual(USERNAME.firstDelayMs - 20);
    expect(slowed[1]!.ms).toBeGreaterThanOrEqual(2 * USERNAME.firstDelayMs - 20);
    expect(outcomes.at(-1)).toMatchObject({ kind: "locked", retry: USERNAME.lockSeconds[0] });

    const right = await attempt(user.username, PASSWORD, from);
    expect(right.kind).toBe("locked");
    expect((right as { retry: number }).retry).toBeGreaterThan(USERNAME.lockSeconds[0] - 10);
    // The same account under another spelling of its login, from another address: still locked.
    expect((await attempt(`  ${user.username.toUpperCase()} `, PASSWORD, address())).kind).toBe("locked");
    expect(credentialsErrorMessage(refusalCode({ reason: "locked", retryAfterSeconds: 240 }))).toBe(
      "Too many attempts. Try again in 4 minutes.",
    );
  });

  it("answers an unknown username exactly like an existing one, and audits both lockouts once", async () => {
    const existing = await userWithPassword();
    const unknown = unique("nobody");
    const forExisting = await fail(existing.username, address(), USERNAME.lockAfter + 2);
    const forUnknown = await fail(unknown, address(), USERNAME.lockAfter + 2);
    const shape = (o: Outcome) => (o.kind === "locked" ? `locked ${Math.round(o.retry / 10)}` : o.kind);
    expect(forUnknown.map(shape)).toEqual(forExisting.map(shape));

    const [existingAudit, ...moreExisting] = await lockAudits(existing.username);
    expect(moreExisting).toHaveLength(0);
    expect(existingAudit).toMatchObject({ actorId: null, targetType: "user", targetId: existing.id });
    const [unknownAudit, ...moreUnknown] = await lockAudits(unknown);
    expect(moreUnknown).toHaveLength(0);
    expect(unknownAudit).toMatchObject({ actorId: null, targetType: "user", targetId: "", targetName: unknown });
    expect(unknownAudit!.summary).toContain(`unknown username "${unknown}"`);
  });

  it("checks at most lockAfter guesses when they arrive at the same time, and audits the lockout once", async () => {
    const user = await userWithPassword();
    const from = address();
    const checksBefore = vi.mocked(verify).mock.calls.length;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => attempt(user.username, "wrong", from)));
    expect(vi.mocked(verify).mock.calls.length - checksBefore).toBe(USERNAME.lockAfter);
    expect(outcomes.filter((o) => o.kind === "wrong")).toHaveLength(USERNAME.lockAfter - 1);
    expect(outcomes.filter((o) => o.kind === "locked")).toHaveLength(20 - USERNAME.lockAfter + 1);
    expect(await lockAudits(user.username)).toHaveLength(1);
  });

  it("a successful sign-in clears the username's failures", async () => {
    const user = await userWithPassword();
    const from = address();
    await fail(user.username, from, USERNAME.lockAfter - 2);
    expect(await failureCount({ name: "sign-in:username", value: user.username })).toBe(USERNAME.lockAfter - 2);
    expect((await attempt(user.username, PASSWORD, from)).kind).toBe("ok");
    expect(await failureCount({ name: "sign-in:username", value: user.username })).toBe(0);
    // The count starts again: as many failures again do not lock.
    const again = await fail(user.username, from, USERNAME.lockAfter - 1);
    expect(again.every((o) => o.kind === "wrong")).toBe(true);
  });

  it("locks for longer at each lockout", async () => {
    const user = await userWithPassword();
    expect((await fail(user.username, address(), USERNAME.lockAfter)).at(-1)).toMatchObject({
      retry: USERNAME.lockSeconds[0],
    });
    // The first lockout ends (its counter row expires)…
    await db.rateLimit.delete({ where: { key: key("sign-in:username", user.username) } });
    expect((await attempt(user.username, "wrong", address())).kind).toBe("wrong");
    // …and the next one lasts longer.
    expect((await fail(user.username, address(), USERNAME.lockAfter - 1)).at(-1)).toMatchObject({
      retry: USERNAME.lockSeconds[1],
    });
    expect(await lockAudits(user.username)).toHaveLength(2);
  });

  it("locks a client address that fails across many usernames, and only that address", async () => {
    const from = address();
    const ip = RATE_LIMITS["sign-in:ip"];
    // Stand-in for ip.lockAfter - 1 failures from this address within the window.
    await db.rateLimit.create({
      data: { key: key("sign-in:ip", from), points: ip.lockAfter - 1, expire: BigInt(Date.now() + 60_000) },
    });
    // Successful sign-ins from the address do not count against it…
    const regular = await userWithPassword();
    for (let i = 0; i < 3; i++) expect((await attempt(regular.username, PASSWORD, from)).kind).toBe("ok");
    expect(await failureCount({ name: "sign-in:ip", value: from })).toBe(ip.lockAfter - 1);
    // …the next failure, whatever the username, locks it.
    expect((await attempt(unique("sprayed"), "wrong", from)).kind).toBe("locked");
    const victim = await userWithPassword();
    expect((await attempt(victim.username, PASSWORD, from)).kind).toBe("locked");
    expect((await attempt(victim.username, PASSWORD, address())).kind).toBe("ok");
  });

  it("does not affect sign-in through an identity provider", async () => {
    const admin = await adminActor();
    const providerKey = unique("idp");
    await createProvider(admin, {
      key: providerKey,
      name: unique("Acme SSO"),
      issuer: "https://login.example.test",
      clientId: "gatehouse",
      clientSecret: "secret",
    });
    const login = unique("idp-user");
    const claims = {
      sub: `sub-${login}`,
      email: `${login}@idp.test`,
      name: login,
      preferred_username: login,
      groups: [],
    };
    const first = await signInWithIdp(providerKey, claims);
    const user = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect((await fail(user.username, address(), USERNAME.lockAfter)).at(-1)!.kind).toBe("locked");
    const again = await signInWithIdp(providerKey, claims);
    expect(again.userId).toBe(user.id);
  });
});
