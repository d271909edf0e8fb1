import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import { isSessionCurrent } from "@/lib/dal/actor";
import { loadClaims, type Claims } from "@/lib/dal/claims";
import { IdpSignInError, providersForAuth, signInWithIdToken, type IdpConfig } from "@/lib/dal/idp-sign-in";
import { SignInRefusal, signInWithPassword } from "@/lib/dal/password-sign-in";
import { signInSchema } from "@/lib/schemas/auth";
import { isHttps, isTrustedProxy } from "@/lib/security/headers";
import { clientAddress } from "./client-address";
import { decode, encode } from "./session-jwt";
import { refusalCode } from "./sign-in-messages";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
    /** The stage the claims describe: the default stage's key (other stages: GET /api/me?stage=<key>). */
    stage: string;
    /** Group names and `application:role` claims in that stage, computed fresh for every request. */
    groups: string[];
    roles: string[];
    overage?: Claims["overage"];
  }
}

/**
 * Auth.js with username/password (argon2id). The JWT carries only the user id and
 * session version; everything about access is re-read from the database on each
 * request (lib/auth/actor.ts), so a change applies at the user's next request.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(
  async (request) =>
    ({
      session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
      // Auth.js's token format with the derived key cached (lib/auth/session-jwt.ts).
      jwt: { encode, decode },
      // Secure, __Secure- prefixed cookies whenever the public URL is https, also behind a TLS-terminating proxy.
      useSecureCookies: await useSecureCookies(request),
      pages: { signIn: "/sign-in", error: "/sign-in" },
      providers: [
        ...(await oidcProviders()).map(toAuthProvider),
        Credentials({
          credentials: { username: {}, password: {} },
          // Both the sign-in form's server action and POST /api/auth/callback/credentials end here.
          async authorize(raw, request) {
            const parsed = signInSchema.safeParse(raw);
            if (!parsed.success) return null;
            try {
              const { username, password } = parsed.data;
              const identity = await signInWithPassword(username, password, clientAddress(request.headers));
              return identity ? { id: identity.id, sessionVersion: identity.sessionVersion } : null;
            } catch (error) {
              if (error instanceof SignInRefusal) throw new PasswordSignInRefused(refusalCode(error));
              throw error;
            }
          },
        }),
      ],
      callbacks: {
        /**
         * An IdP sign-in verifies the ID token's signature, then provisions and synchronises the
         * user; refusals go back to the sign-in page with a reason. Auth.js's `profile` is not used:
         * it comes from the same token, unverified.
         */
        async signIn({ user, account }) {
          if (account?.type !== "oidc") return true;
          try {
            const identity = await signInWithIdToken(account.provider, account.id_token);
            user.id = identity.userId;
            user.sessionVersion = identity.sessionVersion;
            return true;
          } catch (error) {
            if (error instanceof IdpSignInError) {
              console.warn(`Sign-in through ${account.provider} refused: ${error.message}`);
              const claim = error.claim ? `&claim=${encodeURIComponent(error.claim)}` : "";
              return `/sign-in?error=${error.reason}&provider=${encodeURIComponent(account.provider)}${claim}`;
            }
            console.error(`Sign-in through ${account.provider} failed`, error);
            return `/sign-in?error=idp_failed&provider=${encodeURIComponent(account.provider)}`;
          }
        },
        async jwt({ token, user }) {
          if (user) {
            // Keep the token minimal: no name, email or picture, which would go stale.
            return { sub: user.id, sv: user.sessionVersion };
          }
          // Every read of the session (auth(), GET /api/auth/session): a disabled user or a bumped
          // session version ends it. null makes Auth.js answer "no session" and clear the cookie.
          return (await isSessionCurrent(token.sub, token.sv)) ? token : null;
        },
        async session({ session, token }) {
          const id = token.sub ?? "";
          // Claims are never stored in the token: they would go stale when an administrator changes access.
          const claims = id ? await loadClaims(id) : { stage: "", groups: [], roles: [] };
          return {
            ...session,
            user: { ...session.user, id },
            sessionVersion: typeof token.sv === "number" ? token.sv : undefined,
            ...claims,
          };
        },
      },
      logger: {
        error(error) {
          // A wrong password is not a server error: don't print a stack trace for it.
          if ((error as { type?: string }).type === "CredentialsSignin") return;
          console.error(error);
        },
      },
    }) satisfies NextAuthConfig,
);

async function useSecureCookies(request: NextRequest | undefined): Promise<boolean | undefined> {
  if (request) {
    return isHttps({ protocol: request.nextUrl.protocol, forwardedProto: request.headers.get("x-forwarded-proto") });
  }
  // Server components and actions: no request object, but the same headers.
  if (process.env.AUTH_URL || isTrustedProxy()) {
    const forwardedProto = await headers()
      .then((h) => h.get("x-forwarded-proto"))
      .catch(() => null);
    return isHttps({ protocol: "http:", forwardedProto });
  }
  return undefined; // Auth.js decides from the URL it sees
}

/**
 * A refused password sign-in with a reason (locked, database unavailable) in `code`: the server
 * action reads it from the error, the API path redirects to /sign-in?error=CredentialsSignin&code=….
 */
class PasswordSignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

// Providers are configured in the database; read them at most every few seconds.
let cached: { at: number; providers: Promise<IdpConfig[]> } | undefined;
/** Called after an administrator changes a provider, so the change applies at once. */
export function forgetProviderCache() {
  cached = undefined;
}
function oidcProviders(): Promise<IdpConfig[]> {
  if (!cached || Date.now() - cached.at > 5_000) {
    cached = { at: Date.now(), providers: providersForAuth().catch(() => []) };
  }
  return cached.providers;
}

function toAuthProvider(p: IdpConfig) {
  return {
    id: p.key,
    name: p.name,
    type: "oidc" as const,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    authorization: { params: { scope: p.scopes } },
    checks: ["pkce", "state"] as ("pkce" | "state")[],
  };
}
