import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { clientAdapter, PostgresAdapter, type GatehouseClientMetadata } from "@/lib/dal/oidc-adapter";
import { cookieKeys, loadSigningKeys } from "@/lib/dal/oidc-keys";
import { setLogoutSender, type LogoutNotice } from "@/lib/dal/oidc-sessions";
import { tokenClaims } from "@/lib/dal/token-claims";
import { MOUNT } from "./bridge-path";
import { apiResource, issuerUrl } from "./urls";

export { apiResource, issuerUrl };

/*
 * Gatehouse's OpenID Connect provider: panva's oidc-provider (OpenID Certified), configured here,
 * served by app/oidc/[...path]/route.ts. Built lazily (next build imports route modules) and kept
 * on globalThis; rebuilt when the published signing keys change (a rotation on any instance).
 */

export const SCOPES = ["openid", "offline_access", "profile", "email", "groups", "roles"] as const;
const TOKEN_SCOPES = "openid profile email groups roles";

/** Who is signed in to Gatehouse in this request's browser (the route resolves it from the session cookie). */
interface RequestContext {
  currentUserId: () => Promise<string | null>;
}
const requestContext = new AsyncLocalStorage<RequestContext>();
export function withGatehouseSession<T>(currentUserId: () => Promise<string | null>, work: () => Promise<T>) {
  return requestContext.run({ currentUserId }, work);
}
async function currentUserId(): Promise<string | null> {
  return (await requestContext.getStore()?.currentUserId()) ?? null;
}

type GatehouseClient = { clientId: string } & Partial<GatehouseClientMetadata>;

function policy() {
  const base = interactionPolicy.base();
  // Single sign-on follows the Gatehouse session: a provider session whose user is no longer
  // the one signed in to Gatehouse (signed out, or someone else) asks for a sign-in again.
  base.get("login")!.checks.add(
    new interactionPolicy.Check("gatehouse_session", "Sign in to Gatehouse", async (ctx) => {
      if (ctx.oidc.result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const current = await currentUserId();
      return current && current === ctx.oidc.session?.accountId
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    }),
    0,
  );
  return base;
}

/** First-party clients skip consent: their grant covers whatever they ask for. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const client = ctx.oidc.client as unknown as GatehouseClient;
  const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(client.clientId);
  const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
  if (client.gatehouse_third_party) return existing;
  const grant =
    existing ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: ctx.oidc.session!.accountId });
  grant.addOIDCScope(String(ctx.oidc.params!.scope ?? "openid"));
  grant.addResourceScope(apiResource(ctx.origin), TOKEN_SCOPES);
  await grant.save();
  return grant;
}

// One read of a user's claims per request: a refresh grant needs them for the account check,
// the ID token and the access token.
const claimsOfRequest = new WeakMap<object, Map<string, ReturnType<typeof tokenClaims>>>();
function claimsFor(ctx: KoaContextWithOIDC, userId: string, client: GatehouseClient) {
  let memo = claimsOfRequest.get(ctx);
  if (!memo) claimsOfRequest.set(ctx, (memo = new Map()));
  const { gatehouse_application_id: applicationId, gatehouse_stage_id: stageId } = client;
  const key = `${userId}:${applicationId}:${stageId}`;
  let claims = memo.get(key);
  if (!claims) memo.set(key, (claims = tokenClaims(userId, applicationId ?? "", SCOPES, stageId)));
  return claims;
}

async function findAccount(ctx: KoaContextWithOIDC, sub: string) {
  const client = ctx.oidc.client as unknown as GatehouseClient | undefined;
  if (!client?.gatehouse_application_id) return undefined;
  const user = await claimsFor(ctx, sub, client);
  // A disabled user, or one without a role of an "assignment required" application, has no
  // account here: sign-in asks again, and a refresh grant fails (invalid_grant).
  if (!user?.active) return undefined;
  if (client.gatehouse_assignment_required && !user.assigned) return undefined;
  return { accountId: sub, claims: async () => ({ ...user.claims, sub }) };
}

function configuration(keys: Awaited<ReturnType<typeof loadSigningKeys>>["keys"], origin?: string): Configuration {
  const resource = apiResource(origin);
  const tokenTtl = (_ctx: unknown, _token: unknown, client?: unknown) =>
    (client as GatehouseClient | undefined)?.gatehouse_token_ttl ?? 300;
  return {
    adapter: (name: string) => (name === "Client" ? clientAdapter : new PostgresAdapter(name)),
    clients: [],
    jwks: { keys: keys as never },
    cookies: { keys: cookieKeys() },
    scopes: [...SCOPES],
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
      groups: ["groups"],
      roles: ["roles"],
    },
    // roles and groups in the ID token too, not only from userinfo.
    conformIdTokenClaims: false,
    extraClientMetadata: {
      properties: [
        "gatehouse_application_id",
        "gatehouse_stage_id",
        "gatehouse_assignment_required",
        "gatehouse_third_party",
        "gatehouse_token_ttl",
      ],
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    responseTypes: ["code"],
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    ttl: {
      AccessToken: tokenTtl,
      IdToken: tokenTtl,
      AuthorizationCode: 60,
      Interaction: 10 * 60,
      Session: 8 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      RefreshToken: 24 * 60 * 60,
    },
    // Every refresh gets a new refresh token; the used one stops working.
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    loadExistingGrant,
    findAccount: findAccount as Configuration["findAccount"],
    interactions: { url: (_ctx, interaction) => `${MOUNT}/interaction/${interaction.uid}`, policy: policy() },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: TOKEN_SCOPES,
            audience: resource,
            accessTokenFormat: "jwt",
            accessTokenTTL: (client as unknown as GatehouseClient).gatehouse_token_ttl ?? 300,
          };
        },
      },
    },
    // roles (and the session version, checked by /api/me* and userinfo) in JWT access tokens,
    // recomputed at every issue, refreshes included.
    extraTokenClaims: async (ctx, token) => {
      const accountId = (token as { accountId?: string }).accountId;
      const client = ctx.oidc.client as unknown as GatehouseClient | undefined;
      if (!accountId || !client?.gatehouse_application_id) return undefined;
      const user = await claimsFor(ctx, accountId, client);
      if (!user) return undefined;
      const scopes = String((token as { scope?: string }).scope ?? "").split(" ");
      return { sv: user.sessionVersion, ...(scopes.includes("roles") ? { roles: user.claims.roles } : {}) };
    },
    // The provider's outgoing requests are back-channel logout tokens to URIs that administrators
    // registered; those applications often run on a private network, which the library's
    // special-use address filter would refuse, so plain fetch (with its 2.5 s timeout).
    fetch: (url, options) => {
      const { dispatcher: _, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    renderError: async (ctx, out) => {
      const params = new URLSearchParams({ error: String(out.error ?? "server_error") });
      if (out.error_description) params.set("description", String(out.error_description));
      ctx.status = 303;
      ctx.redirect(`/sign-in/problem?${params}`);
    },
  };
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const name = ctx.oidc.client?.clientName;
  ctx.type = "html";
  ctx.body = page(
    "Sign out",
    `<h1>Sign out of Gatehouse?</h1>
     <p>${name ? `${escapeHtml(name)} asked to sign you out.` : "An application asked to sign you out."}</p>
     ${form}
     <div class="row">
       <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
       <button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>
     </div>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.body = page("Signed out", `<h1>You are signed out</h1><p><a href="/sign-in">Sign in again</a></p>`);
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The provider's own pages (logout), in Gatehouse's colours; inline styles are allowed by the CSP. */
function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Gatehouse</title>
<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}
main{background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;padding:1.5rem;max-width:24rem;box-shadow:0 1px 2px rgb(0 0 0/.05)}
h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#475569;font-size:.875rem}.row{display:flex;gap:.5rem;margin-top:1rem}
button{font:inherit;font-size:.875rem;border-radius:.375rem;padding:.5rem .75rem;border:1px solid #4f46e5;background:#4f46e5;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0f172a;border-color:#cbd5e1}a{color:#4338ca}</style></head>
<body><main>${body}</main></body></html>`;
}

type Built = { fingerprint: string; provider: Provider; checkedAt: number };
const globalForOidc = globalThis as unknown as { gatehouseOidc?: Promise<Built> };
const KEY_CHECK_MS = 10_000;

/** The provider of this process; a key rotation elsewhere is picked up within KEY_CHECK_MS. */
export async function getProvider(origin?: string): Promise<Provider> {
  const current = globalForOidc.gatehouseOidc ? await globalForOidc.gatehouseOidc.catch(() => undefined) : undefined;
  if (current && Date.now() - current.checkedAt < KEY_CHECK_MS) return current.provider;
  const next = build(origin, current);
  globalForOidc.gatehouseOidc = next;
  return (await next).provider;
}

/** Forgets the provider, so the next request builds it with the current keys (after a rotation). */
export function forgetProvider() {
  globalForOidc.gatehouseOidc = undefined;
}

async function build(origin: string | undefined, previous: Built | undefined): Promise<Built> {
  const { fingerprint, keys } = await loadSigningKeys();
  if (previous && previous.fingerprint === fingerprint) return { ...previous, checkedAt: Date.now() };
  const provider = new Provider(issuerUrl(origin), configuration(keys, origin));
  // Behind a TLS-terminating proxy the request's scheme comes from X-Forwarded-Proto, as for Auth.js.
  provider.proxy = process.env.AUTH_TRUST_HOST === "true" || !!process.env.VERCEL;
  provider.on("server_error", (_ctx, error) => console.error("OpenID Connect provider error", error));
  return { fingerprint, provider, checkedAt: Date.now() };
}

async function sendLogoutTokens(notices: LogoutNotice[]) {
  const provider = await getProvider();
  await Promise.all(
    notices.map(async ({ clientId, accountId, sid }) => {
      const client = await provider.Client.find(clientId);
      if (!client) return;
      await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> })
        .backchannelLogout(accountId, sid)
        .catch((error: unknown) => console.warn(`Back-channel logout to ${clientId} failed:`, String(error)));
    }),
  );
}
setLogoutSender(sendLogoutTokens);
