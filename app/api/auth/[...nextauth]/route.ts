import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";

/**
 * Auth.js sends its own errors (`?error=Configuration`, …) to the sign-in page without saying
 * which provider failed; the provider is in the path (/api/auth/signin/<key>, /api/auth/callback/<key>),
 * so it is added here and the page can name it.
 */
async function withProvider(request: NextRequest, handle: (request: NextRequest) => Promise<Response>) {
  const response = await handle(request);
  const providerKey = /^\/api\/auth\/(?:signin|callback)\/([^/]+)$/.exec(request.nextUrl.pathname)?.[1];
  const location = response.headers.get("location");
  if (!providerKey || providerKey === "credentials" || !location) return response;
  const target = new URL(location, request.nextUrl.origin);
  if (target.pathname !== "/sign-in" || !target.searchParams.has("error") || target.searchParams.has("provider")) {
    return response;
  }
  target.searchParams.set("provider", decodeURIComponent(providerKey));
  const headers = new Headers(response.headers);
  headers.set(
    "location",
    target.origin === request.nextUrl.origin ? `${target.pathname}${target.search}` : target.href,
  );
  return new Response(response.body, { status: response.status, headers });
}

export const GET = (request: NextRequest) => withProvider(request, handlers.GET);
export const POST = (request: NextRequest) => withProvider(request, handlers.POST);
