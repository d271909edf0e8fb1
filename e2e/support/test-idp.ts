/**
 * A real OpenID Provider (panva's oidc-provider) for browser tests of "sign in with an
 * identity provider": one confidential client, any login accepted, groups set per login.
 *
 *   const idp = await startTestIdp({ redirectUri: `${baseURL}/api/auth/callback/acme` });
 *   idp.setGroups("alice", ["marketing-team"]);
 *   // register idp.issuer / idp.clientId / idp.clientSecret as a provider in Gatehouse
 *   ...
 *   await idp.stop();
 *
 * What a browser test sees after clicking the provider's button in Gatehouse: one login page
 * (title "Sign in to the test IdP") with
 *   - page.getByLabel("Login")    = input[name=login]     (any value; it becomes sub and preferred_username)
 *   - page.getByLabel("Password") = input[name=password]  (any non-empty value)
 *   - page.getByRole("button", { name: "Sign-in" })       = button[type=submit]
 * and nothing else: consent is given automatically (there is no consent page), and the
 * browser lands on the redirect URI with ?code=…&state=…&iss=…. While the IdP's session
 * cookie lives (the same browser context), a second sign-in skips the login page too; use
 * a new context to sign in as someone else.
 *
 * Claims, all of them in the ID token (and from the userinfo endpoint), for scope "openid profile email":
 *   sub = login, preferred_username = login, name = "Alice" for "alice", email = "alice@idp.test",
 *   email_verified = true, groups = setGroups(login) (default []; claim left out when set to undefined).
 *
 * Plain http on 127.0.0.1 works: oidc-provider only marks cookies Secure when the request is
 * https. The client accepts client_secret_basic (Auth.js's default) and client_secret_post;
 * PKCE (S256) is accepted but not required.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
// The small part of oidc-provider used here is typed below.
import OidcProviderModule from "oidc-provider";

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The groups claim of that login from its next sign-in on; `undefined` leaves the claim out. */
  setGroups(login: string, groups: string[] | undefined): void;
  stop(): Promise<void>;
}

type Claims = Record<string, unknown>;
interface Account {
  accountId: string;
  claims(): Promise<Claims>;
}
interface Interaction {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  on(event: string, listener: (...args: unknown[]) => void): void;
}
const Provider = OidcProviderModule as unknown as new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProvider;

const INTERACTION = /^\/interaction\/([\w-]+)(\/login)?$/;

export async function startTestIdp(options: { redirectUri: string }): Promise<TestIdp> {
  const clientId = "gatehouse-e2e";
  const clientSecret = randomBytes(24).toString("base64url");
  const groupsByLogin = new Map<string, string[] | undefined>();

  // The issuer names the port, so the server listens first and gets its handler once the provider exists.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // client_secret_post is accepted as well: oidc-provider treats the two as one family.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    responseTypes: ["code"],
    jwks: { keys: [{ ...signingKey, kid: randomUUID(), use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    // Explicit lifetimes (seconds); the defaults work too but log a notice each.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    // Every claim of the granted scopes goes into the ID token too, not only to userinfo.
    conformIdTokenClaims: false,
    // groups rides on the profile scope, so that "openid profile email" is enough to get it.
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username", "groups"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, id: string): Promise<Account> {
      return {
        accountId: id,
        async claims() {
          const claims: Claims = {
            sub: id,
            email: `${id}@idp.test`,
            email_verified: true,
            name: id.charAt(0).toUpperCase() + id.slice(1),
            preferred_username: id,
          };
          const groups = groupsByLogin.has(id) ? groupsByLogin.get(id) : [];
          if (groups !== undefined) claims.groups = groups;
          return claims;
        },
      };
    },
  });
  const handle = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const match = INTERACTION.exec(new URL(req.url ?? "/", "http://idp").pathname);
    if (!match) {
      handle(req, res);
      return;
    }
    interaction(provider, req, res, match[2] === "/login").catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
      res.end(`test IdP: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  provider.on("server_error", (_ctx, error) => console.error("test IdP server_error:", error));
  provider.on("grant.error", (ctx, error) =>
    console.error(
      "test IdP grant.error:",
      (error as { error_detail?: string }).error_detail ?? error,
      JSON.stringify((ctx as { oidc?: { params?: unknown } }).oidc?.params),
    ),
  );

  return {
    issuer,
    clientId,
    clientSecret,
    setGroups(login, groups) {
      groupsByLogin.set(login, groups === undefined ? undefined : [...groups]);
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The login page (GET), its form (POST …/login), and consent given without asking. */
async function interaction(provider: OidcProvider, req: IncomingMessage, res: ServerResponse, submitted: boolean) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;

  if (prompt.name === "login" && submitted && req.method === "POST") {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get("login")?.trim() ?? "";
    if (!login || !form.get("password")) {
      loginPage(res, uid, "Enter a login and any password.");
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === "login") {
    loginPage(res, uid);
    return;
  }
  if (prompt.name === "consent") {
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error("consent without a signed-in account");
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId: String(params.client_id) });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  throw new Error(`prompt ${prompt.name} is not implemented`);
}

function loginPage(res: ServerResponse, uid: string, error?: string) {
  res.writeHead(error ? 400 : 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to the test IdP</title></head>
<body><main>
  <h1>Sign in to the test IdP</h1>
  ${error ? `<p role="alert">${error}</p>` : ""}
  <form method="post" action="/interaction/${uid}/login" autocomplete="off">
    <p><label for="login">Login</label> <input id="login" name="login" type="text" required autofocus></p>
    <p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
    <button type="submit">Sign-in</button>
  </form>
</main></body></html>`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
