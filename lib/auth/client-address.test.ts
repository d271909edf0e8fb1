import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("client address for the sign-in limit", () => {
  it("behind a trusted proxy: the first hop of x-forwarded-for, else x-real-ip", () => {
    const trusted = { AUTH_TRUST_HOST: "true" };
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }), trusted)).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-real-ip": "203.0.113.8" }), { AUTH_TRUST_HOST: "1" })).toBe("203.0.113.8");
    expect(clientAddress(headers({}), trusted)).toBe("direct");
  });

  it("without a trusted proxy: one bucket, whatever the client claims", () => {
    const spoofed = headers({ "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" });
    expect(clientAddress(spoofed, {})).toBe("direct");
    expect(clientAddress(spoofed, { AUTH_TRUST_HOST: "false" })).toBe("direct");
  });
});
