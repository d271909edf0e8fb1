import { isTrustedProxy } from "@/lib/security/headers";

/**
 * The client address that keys the per-address sign-in limit.
 *
 * Next.js route handlers and server actions do not expose the socket's peer address, so the
 * address can only come from headers, and headers are whatever the client sends unless a proxy
 * we trust rewrites them. (`next start` fills in `x-forwarded-for` with the socket address only
 * when the request has none, so a client talking to it directly can still choose its own.) Hence:
 * - `AUTH_TRUST_HOST` true/1 (the deployment says it sits behind a proxy, as on Vercel-style hosts,
 *   which set `x-forwarded-for` to the client's address): the first hop of `x-forwarded-for`,
 *   else `x-real-ip`. The proxy must overwrite these headers (Vercel does; nginx with
 *   `proxy_set_header X-Forwarded-For $remote_addr`), or a client could pick its own address.
 * - otherwise: one constant bucket, "direct". A client-chosen header would let an attacker rotate
 *   addresses and never hit the limit; a shared bucket cannot be dodged, at the price that the
 *   (generous) per-address limit then acts as a global limit on failed sign-ins. The per-username
 *   limit, the one that protects an account, does not depend on the address at all.
 */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  if (!isTrustedProxy(env)) return "direct";
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || headers.get("x-real-ip")?.trim();
  return address ? address.slice(0, 64) : "direct";
}
