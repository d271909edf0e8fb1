import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { loadClaims, type Claims } from "@/lib/dal/claims";
import { verifyCredentials } from "@/lib/dal/credentials";
import { IdpSignInError, providersForAuth, signInWithIdToken, type IdpConfig } from "@/lib/dal/idp-sign-in";
import { signInSchema } from "@/lib/schemas/auth";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
    /** Group names and `application:role` claims, computed fresh for every request. */
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
  async () =>
    ({
      session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
      pages: { signIn: "/sign-in", error: "/sign-in" },
      providers: [
        ...(await oidcProviders()).map(toAuthProvider),
        Credentials({
          credentials: { username: {}, password: {} },
          async authorize(raw) {
            const parsed = signInSchema.safeParse(raw);
            if (!parsed.success) return null;
            const identity = await verifyCredentials(parsed.data.username, parsed.data.password);
            return identity ? { id: identity.id, sessionVersion: identity.sessionVersion } : null;
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
        jwt({ token, user }) {
          if (user) {
            // Keep the token minimal: no name, email or picture, which would go stale.
            return { sub: user.id, sv: user.sessionVersion };
          }
          return token;
        },
        async session({ session, token }) {
          const id = token.sub ?? "";
          // Claims are never stored in the token: they would go stale when an administrator changes access.
          const claims = id ? await loadClaims(id) : { groups: [], roles: [] };
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
