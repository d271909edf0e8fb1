/**
 * An issuer URL Gatehouse may trust. Auth.js checks no ID token signature and relies on TLS to
 * the token endpoint, so plain http is refused, except on this machine (a test or local IdP).
 */
export function isAllowedIssuer(issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
