import "server-only";
import type Provider from "oidc-provider";
import { withPresentedSecret } from "@/lib/dal/oidc-adapter";
import { clientForDisplay } from "@/lib/dal/oidc-clients";
import { tokenClaims } from "@/lib/dal/token-claims";
import { answerUserinfo } from "./bearer";
import { bridge, MOUNT } from "./bridge";
import { apiResource, getProvider, withGatehouseSession } from "./provider";

/*
 * Everything under /oidc: the protocol endpoints go to oidc-provider as they are; the
 * interaction (/oidc/interaction/<uid>) is Gatehouse's: it signs the user in through the
 * Gatehouse sign-in page (or takes the Gatehouse session: single sign-on), refuses a user that
 * an "assignment required" application does not know, and takes the consent of third-party
 * clients. Userinfo answers from the database with Gatehouse's JWT access tokens.
 */

const INTERACTION = new RegExp(`^${MOUNT}/interaction/([\\w-]+)$`);
const USERINFO = `${MOUNT}/me`;

export async function handleOidc(request: Request, currentUserId: () => Promise<string | null>): Promise<Response> {
  const url = new URL(request.url);
  // Next's client router fetches a redirect target (after the sign-in form) for its RSC payload
  // first, following redirects: the interaction would run twice and the second run would find it
  // used. A response that is not RSC makes the router navigate the browser there instead.
  if (request.method === "GET" && request.headers.get("rsc") === "1") {
    return new Response("Continue to sign in.", {
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
    });
  }
  if (url.pathname === USERINFO) return answerUserinfo(request);
  const provider = await getProvider(url.origin);
  return withGatehouseSession(currentUserId, async () => {
    const interaction = INTERACTION.exec(url.pathname);
    if (interaction) return handleInteraction(provider, request, interaction[1]!, currentUserId);
    // Read before the bridge takes the body stream.
    const form = await formOf(request);
    const { req, res, response } = bridge(request);
    await withPresentedSecret(presentedSecret(request, form), async () => {
      await new Promise<void>((resolve, reject) => {
        res.on("finish", resolve);
        res.on("error", reject);
        provider.callback()(req, res);
      });
    });
    const answer = await response();
    // "Yes, sign me out" at the provider's logout confirmation signs the browser out of Gatehouse
    // too (the session is the cookie); otherwise single sign-on would let it straight back in.
    const signedOut = answer.status >= 300 && answer.status < 400 && form?.get("logout") === "yes";
    if (url.pathname === `${MOUNT}/session/end/confirm` && signedOut) {
      const headers = new Headers(answer.headers);
      for (const name of SESSION_COOKIES)
        headers.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
      return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
    }
    return answer;
  });
}

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

async function formOf(request: Request): Promise<URLSearchParams | null> {
  const type = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !type.startsWith("application/x-www-form-urlencoded")) return null;
  return new URLSearchParams(await request.clone().text());
}

/** The client secret of a token, revocation or introspection request: Basic header or form body. */
function presentedSecret(request: Request, form: URLSearchParams | null): string | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      try {
        return decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, "%20"));
      } catch {
        return undefined;
      }
    }
  }
  return form?.get("client_secret") ?? undefined;
}

const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

async function handleInteraction(
  provider: Provider,
  request: Request,
  uid: string,
  currentUserId: () => Promise<string | null>,
): Promise<Response> {
  const { req, res } = bridge(request);
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return redirect(`/sign-in/problem?error=session_expired`);
  }
  if (details.uid !== uid) return redirect(`/sign-in/problem?error=session_expired`);
  const clientId = String(details.params.client_id);
  const client = (await provider.Client.find(clientId)) as unknown as
    | {
        gatehouse_application_id: string;
        gatehouse_stage_id: string;
        gatehouse_assignment_required: boolean;
        gatehouse_third_party: boolean;
      }
    | undefined;
  if (!client) return redirect(`/sign-in/problem?error=invalid_client`);
  const userId = await currentUserId();
  const here = `${MOUNT}/interaction/${uid}`;

  if (details.prompt.name === "login") {
    if (!userId) return redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
    if (client.gatehouse_assignment_required) {
      const user = await tokenClaims(userId, client.gatehouse_application_id, [], client.gatehouse_stage_id);
      if (!user?.assigned) return redirect(`/sign-in/refused?client=${encodeURIComponent(clientId)}`);
    }
    return finish(provider, req, res, { login: { accountId: userId } }, false);
  }

  if (details.prompt.name === "consent") {
    const accountId = details.session?.accountId;
    if (!userId || userId !== accountId) return redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
    if (request.method === "GET" && client.gatehouse_third_party) return redirect(`/sign-in/consent/${uid}`);
    if (request.method === "POST") {
      // The consent form: same origin only (the interaction cookie is SameSite=Lax as well).
      const origin = request.headers.get("origin");
      if (origin && origin !== new URL(request.url).origin) return new Response("Forbidden", { status: 403 });
      const form = await request.formData();
      if (form.get("decision") !== "allow") {
        return finish(
          provider,
          req,
          res,
          { error: "access_denied", error_description: "The user did not allow access." },
          false,
          true,
        );
      }
    }
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    grant.addResourceScope(apiResource(new URL(request.url).origin), "openid profile email groups roles");
    const grantId = await grant.save();
    return finish(provider, req, res, { consent: { grantId } }, true, request.method === "POST");
  }
  return redirect(`/sign-in/problem?error=unsupported_prompt`);
}

/**
 * Hands the result to the provider and continues to its resume URL. A page that navigates (not
 * a redirect) after the consent form: a redirect chain started by a form submission would be
 * held to the page's CSP form-action 'self', and the relying party's redirect URI is elsewhere.
 */
async function finish(
  provider: Provider,
  req: Parameters<Provider["interactionResult"]>[0],
  res: Parameters<Provider["interactionResult"]>[1],
  result: Parameters<Provider["interactionResult"]>[2],
  merge: boolean,
  viaForm = false,
): Promise<Response> {
  const location = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: merge });
  if (!viaForm) return redirect(location);
  const href = location.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Continuing · Gatehouse</title></head>
<body style="font-family:system-ui,sans-serif;color:#475569;text-align:center;padding-top:4rem"><p>Continuing… <a href="${href}">Continue</a></p></body></html>`,
    { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );
}

/** For the consent page: who asks (client and application) and for which scopes, or null. */
export async function consentRequest(uid: string) {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.prompt.name !== "consent") return null;
  const client = await clientForDisplay(String(interaction.params.client_id));
  if (!client) return null;
  const scopes = String(interaction.params.scope ?? "openid").split(" ");
  return { ...client, scopes };
}

/** For the sign-in page: the application an interaction signs the user in to, or null. */
export async function interactionClient(uid: string) {
  if (!/^[\w-]{1,64}$/.test(uid)) return null;
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  return interaction ? clientForDisplay(String(interaction.params.client_id)) : null;
}
