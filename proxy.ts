import { NextResponse, type NextRequest } from "next/server";

// Only a redirect for people without a session cookie: it protects nothing. Every page,
// server action and API route authenticates and authorizes itself through the DAL.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  url.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/admin/:path*", "/me/:path*", "/me"] };
