import "server-only";
import { cookies } from "next/headers";
import { decode } from "./session-jwt";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

export interface SessionToken {
  userId: string;
  sessionVersion: number;
  /** When the token expires (epoch seconds). */
  expiresAt: number;
}

/**
 * The user id and session version in this request's Auth.js session cookie, or null: the same
 * cookie, format and key Auth.js uses (lib/auth/session-jwt.ts), read without running Auth.js's
 * whole session pipeline, which also re-encrypts the token and sets the cookie again on every
 * call (a third of what GET /api/me cost; bench/run.ts). Nothing is trusted from the token but
 * the id and version, which the caller checks against the database (lib/dal/actor.ts loadActor).
 *
 * Auth.js names the cookie `__Secure-…` over https and plainly otherwise; both are read, the
 * `__Secure-` one first (a browser accepts it only from https). The key is derived with the
 * cookie's name, so a token is only ever valid under the name it was issued with. Auth.js chunks
 * a large token into `.0`, `.1`, …; ours holds two fields, but chunks are joined all the same.
 */
export async function readSessionToken(): Promise<SessionToken | null> {
  const jar = await cookies();
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const chunks = jar
      .getAll()
      .filter((c) => c.name === name || c.name.startsWith(`${name}.`))
      .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name));
    if (chunks.length === 0) continue;
    const secret = secrets();
    if (secret.length === 0) return null;
    const value = chunks.map((c) => c.value).join("");
    const known = decoded.get(`${name}\n${value}`);
    if (known && known.secret === secret[0] && known.token.expiresAt + CLOCK_TOLERANCE_S > Date.now() / 1000) {
      return known.token;
    }
    try {
      const token = await decode({ token: value, secret, salt: name });
      if (typeof token?.sub !== "string" || typeof token.sv !== "number" || typeof token.exp !== "number") return null;
      const session = { userId: token.sub, sessionVersion: token.sv, expiresAt: token.exp };
      remember(`${name}\n${value}`, { secret: secret[0]!, token: session });
      return session;
    } catch {
      return null; // expired, tampered with, or made with another secret: signed out, as Auth.js says
    }
  }
  return null;
}

/**
 * Tokens decrypted lately, by cookie name and exact value: a browser sends the same cookie with
 * every request, and decrypting it (A256CBC-HS512 through WebCrypto) was over a millisecond of
 * each page's CPU. Only a byte-identical token hits, and only until it expires, so nothing is
 * accepted that decode() would refuse; what it says is still checked against the database.
 */
const decoded = new Map<string, { secret: string; token: SessionToken }>();
const DECODED_MAX = 1_000;
const CLOCK_TOLERANCE_S = 15; // as decode() (lib/auth/session-jwt.ts)

function remember(key: string, entry: { secret: string; token: SessionToken }) {
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, entry);
}

function chunkIndex(name: string): number {
  const suffix = name.split(".").pop() ?? "";
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

/** Auth.js's secrets: AUTH_SECRET (or NEXTAUTH_SECRET), as next-auth reads them. */
function secrets(): string[] {
  const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  return secret ? [secret] : [];
}
