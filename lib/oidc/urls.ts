import { MOUNT } from "./bridge-path";

/** Gatehouse's public URL: AUTH_URL, else the request's origin (development). */
export function baseUrl(fallbackOrigin?: string): string {
  const configured = process.env.AUTH_URL?.replace(/\/+$/, "");
  return configured || fallbackOrigin?.replace(/\/+$/, "") || "http://localhost:3000";
}
/** The OpenID Connect issuer: <AUTH_URL>/oidc. */
export const issuerUrl = (origin?: string) => `${baseUrl(origin)}${MOUNT}`;
/** The audience of Gatehouse's access tokens: its own API (/api/me*) and userinfo. */
export const apiResource = (origin?: string) => `${baseUrl(origin)}/api`;
