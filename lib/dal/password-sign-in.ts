import "server-only";
import { RATE_LIMITS } from "@/lib/access/rate-limits";
import { recordAudit } from "./audit";
import { normaliseLogin, verifyCredentials, whereLogin } from "./credentials";
import { db } from "./db";
import { isDatabaseUnavailable } from "./errors";
import { attemptFailed, attemptSucceeded, beginAttempt, type LimitSubject } from "./sign-in-limiter";

/** A password sign-in refused for a reason the person should hear (not "wrong password"). */
export class SignInRefusal extends Error {
  constructor(
    readonly reason: "locked" | "unavailable",
    /** For "locked": seconds until password sign-in is allowed again. */
    readonly retryAfterSeconds = 0,
  ) {
    super(reason === "locked" ? "Too many failed sign-ins" : "The database cannot be reached");
    this.name = "SignInRefusal";
  }
}

export interface SignInIdentity {
  id: string;
  sessionVersion: number;
}

/**
 * Password sign-in with throttling. Only failures count, per username (whether the account
 * exists or not, with the same answers either way) and per client address: from a few failures on
 * each failure is answered after a growing delay, then password sign-in is refused for a window that
 * grows with each lockout. An attempt is counted before its password is checked, so simultaneous
 * guesses cannot slip past the limit; a success takes it back and clears the username's count.
 * Returns null for a wrong username
 * or password; throws SignInRefusal when locked, or when the database cannot be reached.
 */
export async function signInWithPassword(
  login: string,
  password: string,
  clientAddress: string,
): Promise<SignInIdentity | null> {
  const username = normaliseLogin(login);
  const subjects: LimitSubject[] = [
    { name: "sign-in:username", value: username },
    { name: "sign-in:ip", value: clientAddress },
  ];
  try {
    const { counts, lockedForSeconds } = await beginAttempt(subjects);
    if (lockedForSeconds > 0) throw new SignInRefusal("locked", lockedForSeconds);
    const identity = await verifyCredentials(username, password);
    if (identity) {
      await attemptSucceeded(subjects);
      return identity;
    }
    const outcome = await attemptFailed(subjects, counts);
    for (const lockout of outcome.newLockouts) {
      if (lockout.name === "sign-in:username") await auditLockout(username, clientAddress, lockout);
      else console.warn(`Password sign-in from ${clientAddress} locked for ${lockout.seconds} s`);
    }
    if (outcome.lockedForSeconds > 0) throw new SignInRefusal("locked", outcome.lockedForSeconds);
    if (outcome.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.delayMs));
    return null;
  } catch (error) {
    if (error instanceof SignInRefusal) throw error;
    if (isDatabaseUnavailable(error)) {
      console.error("Password sign-in: the database cannot be reached", error);
      throw new SignInRefusal("unavailable");
    }
    throw error;
  }
}

/** One audit row per lockout, also for a username no account has (the row names it as text). */
async function auditLockout(
  username: string,
  clientAddress: string,
  lockout: { seconds: number; failures: number; lockout: number },
) {
  const user = await db.user.findFirst({ where: whereLogin(username), select: { id: true, username: true } });
  const minutes = Math.round(lockout.seconds / 60);
  await recordAudit(
    db,
    { id: null, username: "Password sign-in" },
    {
      action: "user.sign_in_locked",
      targetType: "user",
      targetId: user?.id ?? "",
      targetName: user?.username ?? username,
      summary:
        `Password sign-in locked for ${user ? `user ${user.username}` : `unknown username "${username}"`} ` +
        `for ${minutes} minutes after ${lockout.failures} failed attempts (from ${clientAddress})`,
      after: {
        failures: lockout.failures,
        lockout: lockout.lockout,
        lockedForSeconds: lockout.seconds,
        windowSeconds: RATE_LIMITS["sign-in:username"].windowSeconds,
        clientAddress,
        accountExists: Boolean(user),
      },
    },
  );
}
