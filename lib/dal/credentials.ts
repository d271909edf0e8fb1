import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { db } from "./db";

// Verified against when the username is unknown, so that a wrong username and a
// wrong password take the same time and say the same thing.
const DUMMY_HASH = hash("gatehouse-timing-equaliser");

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Checks a username (or email) and password. Returns the session identity, or null for any failure. */
export async function verifyCredentials(
  login: string,
  password: string,
): Promise<{ id: string; sessionVersion: number } | null> {
  const normalised = normaliseLogin(login);
  const user = await db.user.findFirst({
    where: whereLogin(normalised),
    select: { id: true, passwordHash: true, status: true, sessionVersion: true },
  });
  const ok = await verify(user?.passwordHash ?? (await DUMMY_HASH), password).catch(() => false);
  if (!user || !user.passwordHash || !ok || user.status !== "ACTIVE") return null;
  return { id: user.id, sessionVersion: user.sessionVersion };
}

/** Usernames and emails are stored lower-case; the same form keys the sign-in limiter. */
export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

export function whereLogin(normalised: string) {
  return normalised.includes("@") ? { email: normalised } : { username: normalised };
}
