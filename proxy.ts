import { NextResponse, type NextRequest } from "next/server";
import { isDatabaseReady } from "@/lib/dal/health";
import { contentSecurityPolicy, createNonce, isHttps, securityHeaders } from "@/lib/security/headers";
import { ACTION_BODY_LIMIT_BYTES, outageJson, outagePage, tooLarge } from "@/lib/security/responses";

// The proxy redirects and sets headers: it protects nothing. Every page, server action
// and API route authenticates and authorizes itself through the DAL.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const SIGNED_IN_AREAS = ["/admin", "/me"];
// Liveness and readiness answer for themselves; the outage page is for everything else.
const HEALTH = "/api/health";

export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    // The OpenID Connect provider's logout form redirects on to the application.
    formRedirects: request.nextUrl.pathname.startsWith("/oidc/"),
  });
  const https = isHttps({
    protocol: request.nextUrl.protocol,
    forwardedProto: request.headers.get("x-forwarded-proto"),
  });
  const finish = (response: NextResponse) => {
    for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
    response.headers.set("Content-Security-Policy", csp);
    return response;
  };

  const { pathname } = request.nextUrl;
  // A server action answers for itself (sign-in says the service is unavailable); an HTML
  // page in its place would break the form.
  const isAction = request.headers.has("next-action");
  if (isAction && Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT_BYTES) {
    return finish(tooLarge());
  }
  if (!pathname.startsWith(HEALTH) && !isAction && !(await isDatabaseReady())) {
    return finish(isMachineRoute(pathname) ? outageJson() : outagePage());
  }

  const needsSession = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  if (needsSession && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    url.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
    return finish(NextResponse.redirect(url));
  }

  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return finish(NextResponse.next({ request: { headers } }));
}

/** Routes that other programs call (JSON API, the OpenID Connect provider's back-channel endpoints). */
function isMachineRoute(pathname: string): boolean {
  if (pathname.startsWith("/api/") || pathname.startsWith("/scim/")) return true;
  // The provider's browser-facing pages (authorization, interaction, logout) get the outage page.
  return pathname.startsWith("/oidc/") && !/^\/oidc\/(auth|interaction|session)(\/|$)/.test(pathname);
}

export const config = {
  // Everything but build assets, which are immutable files with no HTML to frame.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
