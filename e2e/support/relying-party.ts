/**
 * A small relying-party web app for browser tests of "sign in through Gatehouse": a node http
 * server using openid-client (code flow with PKCE, confidential client), one browser session.
 *
 *   const rp = await startRelyingParty();            // rp.redirectUri to register in Gatehouse
 *   rp.configure({ issuer, clientId, clientSecret });
 *   await page.goto(rp.url);                         // "Sign in with Gatehouse", then the app's page
 *
 * The page shows the signed-in user (`Signed in as <preferred_username>`), a list named
 * "Roles from the ID token" (one item per role, or "No roles"), and a "Refresh tokens" button
 * that runs the refresh grant and shows the claims of the new ID token; "Sign out" is
 * RP-initiated logout, back to the app's home page (register `${url}/` as post-logout URI).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as client from "openid-client";

export interface RelyingParty {
  url: string;
  redirectUri: string;
  configure(settings: { issuer: string; clientId: string; clientSecret: string }): Promise<void>;
  stop(): Promise<void>;
}

interface Session {
  verifier?: string;
  state?: string;
  tokens?: { idTokenClaims: Record<string, unknown>; refreshToken?: string; idToken?: string };
  error?: string;
}

export async function startRelyingParty(): Promise<RelyingParty> {
  const sessions = new Map<string, Session>();
  let config: client.Configuration | undefined;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(`relying party: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${url}/callback`;

  function sessionOf(req: IncomingMessage, res: ServerResponse): Session {
    const id = /(?:^|;\s*)rp=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (id && sessions.has(id)) return sessions.get(id)!;
    const fresh = randomBytes(16).toString("base64url");
    sessions.set(fresh, {});
    res.setHeader("set-cookie", `rp=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return sessions.get(fresh)!;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const session = sessionOf(req, res);
    const path = new URL(req.url ?? "/", url);
    if (!config) return void res.writeHead(503).end("not configured");
    if (path.pathname === "/login") {
      session.verifier = client.randomPKCECodeVerifier();
      session.state = client.randomState();
      const target = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid profile email groups roles",
        code_challenge: await client.calculatePKCECodeChallenge(session.verifier),
        code_challenge_method: "S256",
        state: session.state,
      });
      return void res.writeHead(303, { location: target.href }).end();
    }
    if (path.pathname === "/callback") {
      try {
        const tokens = await client.authorizationCodeGrant(config, path, {
          pkceCodeVerifier: session.verifier,
          expectedState: session.state,
        });
        session.tokens = {
          idTokenClaims: { ...tokens.claims() },
          refreshToken: tokens.refresh_token,
          idToken: tokens.id_token,
        };
        session.error = undefined;
      } catch (error) {
        session.error = String((error as { error?: string }).error ?? error);
      }
      return void res.writeHead(303, { location: "/" }).end();
    }
    if (path.pathname === "/logout" && session.tokens?.idToken) {
      // RP-initiated logout: Gatehouse asks, signs out, and sends the browser back here.
      const target = client.buildEndSessionUrl(config, {
        id_token_hint: session.tokens.idToken,
        post_logout_redirect_uri: `${url}/`,
      });
      session.tokens = undefined;
      return void res.writeHead(303, { location: target.href }).end();
    }
    if (path.pathname === "/refresh" && req.method === "POST" && session.tokens?.refreshToken) {
      try {
        const tokens = await client.refreshTokenGrant(config, session.tokens.refreshToken);
        session.tokens = {
          idTokenClaims: { ...tokens.claims() },
          refreshToken: tokens.refresh_token,
          idToken: tokens.id_token,
        };
        session.error = undefined;
      } catch (error) {
        session.error = String((error as { error?: string }).error ?? error);
      }
      return void res.writeHead(303, { location: "/" }).end();
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(session));
  }

  return {
    url,
    redirectUri,
    async configure({ issuer, clientId, clientSecret }) {
      config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
        execute: [client.allowInsecureRequests],
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(session: Session): string {
  const claims = session.tokens?.idTokenClaims;
  const roles = Array.isArray(claims?.roles) ? (claims.roles as string[]) : [];
  const body = claims
    ? `<p>Signed in as ${escape(claims.preferred_username)}</p>
       <h2>Roles from the ID token</h2>
       <ul aria-label="Roles from the ID token">${roles.length ? roles.map((r) => `<li>${escape(r)}</li>`).join("") : "<li>No roles</li>"}</ul>
       <form method="post" action="/refresh"><button type="submit">Refresh tokens</button></form>
       <p><a href="/logout">Sign out</a></p>`
    : `<p><a href="/login">Sign in with Gatehouse</a></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test app</title></head>
<body><main><h1>Test app</h1>${session.error ? `<p role="alert">${escape(session.error)}</p>` : ""}${body}</main></body></html>`;
}
