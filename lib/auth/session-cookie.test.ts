import { encode as authjsEncode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The request's cookie jar, as next/headers would give it.
let jar: { name: string; value: string }[] = [];
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => jar }),
}));
const { readSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE } = await import("./session-cookie");

const secret = "a-test-secret-of-some-length-0123456789";
const user = "01900000-0000-7000-8000-000000000001";
const issue = (salt: string, token: Record<string, unknown> = { sub: user, sv: 4 }) =>
  authjsEncode({ secret, salt, token, maxAge: 3600 });

describe("reading the Auth.js session cookie without Auth.js's pipeline", () => {
  beforeEach(() => vi.stubEnv("AUTH_SECRET", secret));
  afterEach(() => {
    vi.unstubAllEnvs();
    jar = [];
  });

  it("reads the user id, session version and expiry from a cookie Auth.js issued, plain or __Secure-", async () => {
    for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
      jar = [{ name, value: await issue(name) }];
      const token = await readSessionToken();
      expect(token).toMatchObject({ userId: user, sessionVersion: 4 });
      expect(token!.expiresAt * 1000).toBeGreaterThan(Date.now());
    }
  });

  it("joins a token Auth.js split into chunks, in their order", async () => {
    const value = await issue(SESSION_COOKIE);
    const third = Math.ceil(value.length / 3);
    jar = [2, 0, 1].map((i) => ({ name: `${SESSION_COOKIE}.${i}`, value: value.slice(i * third, (i + 1) * third) }));
    expect(await readSessionToken()).toMatchObject({ userId: user, sessionVersion: 4 });
  });

  it("reads as signed out: no cookie, a tampered token, another secret, a token moved to the other cookie name", async () => {
    expect(await readSessionToken()).toBeNull();
    const value = await issue(SESSION_COOKIE);
    jar = [{ name: SESSION_COOKIE, value: value.slice(0, -4) + (value.endsWith("AAAA") ? "BBBB" : "AAAA") }];
    expect(await readSessionToken()).toBeNull();
    jar = [
      {
        name: SESSION_COOKIE,
        value: await authjsEncode({ secret: `${secret}-other`, salt: SESSION_COOKIE, token: { sub: user, sv: 4 } }),
      },
    ];
    expect(await readSessionToken()).toBeNull();
    jar = [{ name: SECURE_SESSION_COOKIE, value }];
    expect(await readSessionToken()).toBeNull();
  });

  it("reads as signed out when the token lacks the session version, or when no secret is configured", async () => {
    jar = [{ name: SESSION_COOKIE, value: await issue(SESSION_COOKIE, { sub: user }) }];
    expect(await readSessionToken()).toBeNull();
    jar = [{ name: SESSION_COOKIE, value: await issue(SESSION_COOKIE) }];
    vi.stubEnv("AUTH_SECRET", "");
    expect(await readSessionToken()).toBeNull();
  });
});
