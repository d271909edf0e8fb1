import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { loadClaims, type Claims } from "@/lib/dal/claims";
import { verifyCredentials } from "@/lib/dal/credentials";
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
export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
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
});
