import { getActor } from "@/lib/auth/actor";
import { handleOidc } from "@/lib/oidc/handler";

// oidc-provider is a Node library (Koa): the Node runtime, never cached, never prerendered.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Gatehouse's OpenID Connect provider (issuer <AUTH_URL>/oidc): public protocol endpoints. */
async function handle(request: Request): Promise<Response> {
  try {
    // Single sign-on: whoever is signed in to Gatehouse in this browser, read only when needed.
    return await handleOidc(request, async () => (await getActor())?.id ?? null);
  } catch (error) {
    console.error("OpenID Connect request failed", error);
    return Response.json({ error: "server_error", error_description: "Something went wrong." }, { status: 500 });
  }
}

export { handle as GET, handle as POST, handle as OPTIONS };
