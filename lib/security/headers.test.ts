import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, isHttps, securityHeaders } from "./headers";

describe("security headers", () => {
  it("gives every request its own nonce", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
  });

  it("lets scripts run only with the nonce, and forbids framing", () => {
    const csp = contentSecurityPolicy("abc");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("abc", { dev: true })).toContain("unsafe-eval");
    expect(csp).toContain("form-action 'self';");
    expect(contentSecurityPolicy("abc", { formRedirects: true })).toContain("form-action 'self' https: http:;");
  });

  it("sends HSTS only over https", () => {
    expect(securityHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders({ https: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("knows the public URL is https from AUTH_URL, or a trusted proxy's x-forwarded-proto", () => {
    const plain = { protocol: "http:", forwardedProto: "https" };
    expect(isHttps(plain, { AUTH_URL: "https://access.example.com" })).toBe(true);
    expect(isHttps(plain, { AUTH_URL: "http://localhost:3000" })).toBe(false);
    expect(isHttps(plain, { AUTH_TRUST_HOST: "true" })).toBe(true);
    expect(isHttps(plain, {})).toBe(false); // an untrusted x-forwarded-proto is ignored
    expect(isHttps({ protocol: "https:", forwardedProto: null }, {})).toBe(true);
  });
});
