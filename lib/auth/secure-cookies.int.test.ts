import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { handlers } from "@/lib/auth";

// Auth.js reads these per request; each case sets the deployment it describes.
beforeEach(() => {
  vi.stubEnv("AUTH_SECRET", "a-test-secret-of-at-least-thirty-two-characters");
  vi.stubEnv("AUTH_TRUST_HOST", "true");
});
afterEach(() => vi.unstubAllEnvs());

async function csrfCookie(url: string, headers: Record<string, string> = {}) {
  const response = await handlers.GET(new NextRequest(`${url}/api/auth/csrf`, { headers }));
  return response.headers.get("set-cookie") ?? "";
}

describe("session cookies", () => {
  it("are Secure when AUTH_URL is https", async () => {
    vi.stubEnv("AUTH_URL", "https://access.example.com");
    const cookie = await csrfCookie("http://10.0.0.5:3000");
    expect(cookie).toMatch(/__Host-authjs\.csrf-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("are Secure behind a trusted TLS-terminating proxy (x-forwarded-proto: https)", async () => {
    vi.stubEnv("AUTH_URL", undefined);
    const cookie = await csrfCookie("http://10.0.0.5:3000", { "x-forwarded-proto": "https" });
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("are not Secure over plain http in development", async () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    const cookie = await csrfCookie("http://localhost:3000");
    expect(cookie).toMatch(/authjs\.csrf-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
