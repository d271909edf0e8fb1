/**
 * The security headers of every response, from one place (applied by proxy.ts).
 * Pure: no I/O, so the policy is unit-tested as it is written.
 */

/** A fresh, unpredictable nonce for each request (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next's own chunks load).
 * Styles allow inline: Tailwind is a stylesheet, but the UI libraries position popovers with
 * style attributes, which a nonce cannot cover; styles cannot run code.
 * Development adds 'unsafe-eval' for React's dev tooling and the dev server's websocket.
 * `formRedirects` is for the OpenID Connect provider's own pages (/oidc/*: the logout
 * confirmation): their form's redirect chain ends at an application's registered URI, which
 * Chrome holds to form-action, so form-action also allows http(s) targets there.
 */
export function contentSecurityPolicy(nonce: string, { dev = false, formRedirects = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    formRedirects ? "form-action 'self' https: http:" : "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/** Headers for every response; HSTS only over https, where a browser honours it. */
export function securityHeaders({ https }: { https: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

type Env = Partial<Record<string, string>>;

/**
 * Whether the public URL is https: the request itself, or a trusted TLS-terminating proxy's
 * `x-forwarded-proto`, or AUTH_URL when it is set (the configured public URL wins).
 */
export function isHttps(request: { protocol: string; forwardedProto: string | null }, env: Env = process.env): boolean {
  if (env.AUTH_URL) return env.AUTH_URL.startsWith("https://");
  if (isTrustedProxy(env) && request.forwardedProto) return request.forwardedProto.split(",")[0]!.trim() === "https";
  return request.protocol === "https:";
}

/** AUTH_TRUST_HOST (set by Vercel-style hosts) says a proxy in front of the app is trusted. */
export function isTrustedProxy(env: Env = process.env): boolean {
  return env.AUTH_TRUST_HOST === "true" || env.AUTH_TRUST_HOST === "1" || !!env.VERCEL;
}
