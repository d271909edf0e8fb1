import { lockedMessage } from "@/lib/access/rate-limits";

export const WRONG_CREDENTIALS = "Wrong username or password.";
export const DATABASE_UNAVAILABLE = "Gatehouse can't reach its database right now. Try again in a moment.";

/**
 * The `code` of a refused password sign-in, as Auth.js carries it (CredentialsSignin.code, and
 * `?code=` on the sign-in page after a POST to /api/auth/callback/credentials). Nothing in it
 * tells whether an account exists.
 */
export function refusalCode(refusal: { reason: "locked" | "unavailable"; retryAfterSeconds: number }): string {
  return refusal.reason === "locked" ? `locked-${Math.max(1, Math.ceil(refusal.retryAfterSeconds))}` : "unavailable";
}

/** The sentence for a refused password sign-in; an unknown code reads as an ordinary failure. */
export function credentialsErrorMessage(code: string | undefined | null): string {
  if (code === "unavailable") return DATABASE_UNAVAILABLE;
  const locked = /^locked-(\d{1,7})$/.exec(code ?? "");
  if (locked) return lockedMessage(Number(locked[1]));
  return WRONG_CREDENTIALS;
}
