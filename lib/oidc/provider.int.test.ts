import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/dal/actor";
import { db } from "@/lib/dal/db";
import { removeMembers } from "@/lib/dal/memberships";
import { createClient, regenerateClientSecret } from "@/lib/dal/oidc-clients";
import { rotateSigningKey } from "@/lib/dal/oidc-keys";
import { setPassword, setUserStatus, signOutEverywhere } from "@/lib/dal/users";
import { startOidcHarness, TestBrowser, type OidcHarness } from "@/lib/testing/oidc-harness";
import {
  adminActor,
  createApplication,
  createGroup,
  createRole,
  createUser,
  resetDatabase,
} from "@/lib/testing/factories";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

let harness: OidcHarness;
let admin: Actor;
let logoutServer: Server;
let logoutUri: string;
const logoutTokens: string[] = [];
const REDIRECT = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  await resetDatabase();
  admin = await adminActor();
  harness = await startOidcHarness();
  logoutServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      logoutTokens.push(new URLSearchParams(body).get("logout_token") ?? "");
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => logoutServer.listen(0, "127.0.0.1", resolve));
  logoutUri = `http://127.0.0.1:${(logoutServer.address() as AddressInfo).port}/backchannel`;
});
afterAll(async () => {
  await harness?.close();
  logoutServer?.close();
});

/** The OAuth error code a relying-party call failed with (response body or WWW-Authenticate challenge). */
async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { error?: string; cause?: unknown };
    if (e.error) return e.error;
    if (Array.isArray(e.cause)) return String(e.cause[0]?.parameters?.error);
    return String((e.cause as { error?: string })?.error ?? error);
  }
  return "no error";
}

/** An application with a role held through a group, a member, and a client. */
async function setup(
  options: { type?: "CONFIDENTIAL" | "PUBLIC"; assignmentRequired?: boolean; thirdParty?: boolean } = {},
) {
  const app = await createApplication();
  const role = await createRole(app.id, "viewer");
  const user = await createUser();
  const group = await createGroup({ roleIds: [role.id], memberIds: [user.id] });
  const registered = await createClient(admin, app.id, {
    name: "Web app",
    type: options.type ?? "CONFIDENTIAL",
    redirectUris: REDIRECT,
    backchannelLogoutUri: logoutUri,
    assignmentRequired: options.assignmentRequired ?? false,
    thirdParty: options.thirdParty ?? false,
  });
  const config = await client.discovery(
    new URL(harness.issuer),
    registered.clientId,
    undefined,
    registered.clientSecret ? client.ClientSecretBasic(registered.clientSecret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
  return { app, role, user, group, registered, config };
}

/** The code flow with PKCE as a browser signed in to Gatehouse goes through it. */
async function signIn(config: client.Configuration, userId: string, scope = "openid profile email groups roles") {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  const browser = new TestBrowser(harness.origin);
  browser.signInAs(userId);
  const { url: callback } = await browser.follow(url.href);
  expect(callback).toContain(REDIRECT);
  const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { tokens, browser };
}

describe("Gatehouse as an OpenID Connect provider", () => {
  it("publishes discovery and keys under <AUTH_URL>/oidc", async () => {
    const discovery = await (await fetch(`${harness.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(harness.issuer);
    expect(discovery.jwks_uri).toBe(`${harness.issuer}/jwks`);
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["groups", "roles"]));
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it("code flow with PKCE: ID token, userinfo and access token carry groups and roles; refresh recomputes them", async () => {
    const { config, user, group, role } = await setup();
    const { tokens } = await signIn(config, user.id);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(user.id);
    expect(claims.preferred_username).toBe(user.username);
    expect(claims.roles).toEqual([role.key]);
    expect(claims.groups).toEqual([group.name]);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({ sub: user.id, roles: [role.key], groups: [group.name] });
    const jwks = createRemoteJWKSet(new URL(`${harness.issuer}/jwks`));
    const { payload: at } = await jwtVerify(tokens.access_token, jwks, { issuer: harness.issuer });
    expect(at.roles).toEqual([role.key]);

    // The administrator removes her from the group: the next refresh says so, without signing in.
    await removeMembers(admin, group.id, [user.id]);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.roles).toEqual([]);
    expect(refreshed.claims()!.groups).toEqual([]);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // Rotation: the used refresh token no longer works.
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toMatch(/invalid_grant|grant/);
    expect(await client.fetchUserInfo(config, refreshed.access_token, user.id)).toMatchObject({ roles: [] });
  });

  it("a signed-in browser is not asked again (single sign-on)", async () => {
    const { config, user } = await setup();
    const { browser } = await signIn(config, user.id);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const first = await browser.fetch(url.href);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toContain(REDIRECT);
    // Signed out of Gatehouse: the interaction sends the browser to the sign-in page.
    browser.signInAs(null);
    const { url: landed } = await browser.follow(url.href);
    expect(landed).toMatch(/\/sign-in\?callbackUrl=%2Foidc%2Finteraction%2F/);
  });

  it("refuses a wrong redirect URI, a wrong secret, and a public client without PKCE", async () => {
    const { config, user, registered } = await setup();
    const wrong = client.buildAuthorizationUrl(config, { redirect_uri: "http://127.0.0.1:9/other", scope: "openid" });
    const browser = new TestBrowser(harness.origin);
    browser.signInAs(user.id);
    const { url } = await browser.follow(wrong.href);
    expect(url).toContain("/sign-in/problem?error=invalid_redirect_uri");

    const badSecret = await client.discovery(
      new URL(harness.issuer),
      registered.clientId,
      undefined,
      client.ClientSecretBasic("not-the-secret"),
      { execute: [client.allowInsecureRequests] },
    );
    expect(await oauthError(client.refreshTokenGrant(badSecret, "anything"))).toMatch(/invalid_client/);
    // A regenerated secret replaces the old one.
    const { tokens } = await signIn(config, user.id);
    await regenerateClientSecret(admin, registered.id);
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toMatch(/invalid_client/);

    const spa = await setup({ type: "PUBLIC" });
    const noPkce = client.buildAuthorizationUrl(spa.config, { redirect_uri: REDIRECT, scope: "openid" });
    const spaBrowser = new TestBrowser(harness.origin);
    spaBrowser.signInAs(spa.user.id);
    const refused = await spaBrowser.follow(noPkce.href);
    expect(refused.url).toMatch(/error=invalid_request/);
    // With PKCE the public client signs in.
    expect((await signIn(spa.config, spa.user.id)).tokens.claims()!.sub).toBe(spa.user.id);
  });

  it("assignment required: a user without a role of the application is shown why, not a protocol error", async () => {
    const { config } = await setup({ assignmentRequired: true });
    const outsider = await createUser();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const browser = new TestBrowser(harness.origin);
    browser.signInAs(outsider.id);
    const { url: landed } = await browser.follow(url.href);
    expect(landed).toMatch(/\/sign-in\/refused\?client=/);
  });

  it("a third-party client asks consent: Allow continues to the application, Deny returns access_denied", async () => {
    const { config, user } = await setup({ thirdParty: true });
    for (const decision of ["deny", "allow"]) {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: "openid roles",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      const browser = new TestBrowser(harness.origin);
      browser.signInAs(user.id);
      const { url: consent } = await browser.follow(url.href);
      const uid = /\/sign-in\/consent\/([\w-]+)$/.exec(consent)?.[1];
      expect(uid, consent).toBeTruthy();
      const { consentRequest } = await import("./handler");
      expect(await consentRequest(uid!)).toMatchObject({ name: "Web app", scopes: ["openid", "roles"] });
      const answer = await browser.fetch(`/oidc/interaction/${uid}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: harness.origin },
        body: new URLSearchParams({ decision }).toString(),
      });
      // A page that navigates on (not a redirect: the form's CSP form-action would stop it).
      expect(answer.status).toBe(200);
      const next = /url=([^"]+)"/.exec(await answer.text())![1]!.replace(/&amp;/g, "&");
      const { url: back } = await browser.follow(next);
      if (decision === "deny") {
        expect(back).toContain("error=access_denied");
      } else {
        const tokens = await client.authorizationCodeGrant(config, new URL(back), { pkceCodeVerifier: verifier });
        expect(tokens.claims()!.roles).toEqual(["viewer"]);
      }
    }
  });

  it("disabling a user fails their refresh token at once and sends back-channel logout", async () => {
    const { config, user, registered } = await setup();
    const { tokens } = await signIn(config, user.id);
    logoutTokens.length = 0;
    await setUserStatus(admin, user.id, "DISABLED");
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toMatch(/invalid_grant/);
    await expect(client.fetchUserInfo(config, tokens.access_token, user.id)).rejects.toThrow();
    expect(logoutTokens).toHaveLength(1);
    const jwks = createRemoteJWKSet(new URL(`${harness.issuer}/jwks`));
    const { payload } = await jwtVerify(logoutTokens[0]!, jwks, {
      issuer: harness.issuer,
      audience: registered.clientId,
    });
    expect(payload.sub).toBe(user.id);
    expect(payload.events).toHaveProperty(["http://schemas.openid.net/event/backchannel-logout"]);
    expect(payload.sid).toBeTruthy();
  });

  it("a password change, or signing the user out everywhere, ends refresh tokens too", async () => {
    const { config, user } = await setup();
    const { tokens } = await signIn(config, user.id);
    await setPassword(admin, user.id, { password: "a-new-password-123" });
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toMatch(/invalid_grant/);
    const again = await signIn(config, user.id);
    logoutTokens.length = 0;
    await signOutEverywhere(admin, user.id);
    expect(await oauthError(client.refreshTokenGrant(config, again.tokens.refresh_token!))).toMatch(/invalid_grant/);
    expect(logoutTokens).toHaveLength(1);
  });

  it("more than 200 groups: the claim is replaced by an overage reference to /api/me/groups", async () => {
    const { config, user } = await setup();
    const groups = Array.from({ length: 200 }, (_, i) => ({
      name: `overage-${user.id}-${i}`,
      nameKey: `overage-${user.id}-${i}`,
    }));
    await db.group.createMany({ data: groups });
    const ids = await db.group.findMany({
      where: { nameKey: { startsWith: `overage-${user.id}` } },
      select: { id: true },
    });
    await db.membership.createMany({ data: ids.map((g) => ({ groupId: g.id, userId: user.id })) });
    const { tokens } = await signIn(config, user.id);
    const claims = tokens.claims()!;
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: "gatehouse_groups" });
    expect(claims._claim_sources).toEqual({ gatehouse_groups: { endpoint: `${harness.origin}/api/me/groups` } });
    // The application reads the full list with its access token.
    const { GET } = await import("@/app/api/me/groups/route");
    const page = (url: string, token: string) =>
      GET(new Request(url, { headers: { authorization: `Bearer ${token}` } }));
    const response = await page(`${harness.origin}/api/me/groups?pageSize=100&page=3`, tokens.access_token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.items).toHaveLength(1);
    expect(body.hasMore).toBe(false);
    expect((await page(`${harness.origin}/api/me/groups`, "not-a-token")).status).toBe(401);
  });

  it("after a key rotation, tokens signed by the previous key still verify", async () => {
    const { config, user } = await setup();
    const { tokens } = await signIn(config, user.id);
    await rotateSigningKey(admin);
    const { forgetProvider } = await import("./provider");
    forgetProvider();
    const jwks = await (await fetch(`${harness.issuer}/jwks`)).json();
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    const set = createRemoteJWKSet(new URL(`${harness.issuer}/jwks`));
    await jwtVerify(tokens.id_token!, set, { issuer: harness.issuer });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    const { protectedHeader } = await jwtVerify(refreshed.id_token!, set, { issuer: harness.issuer });
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
  });
});
