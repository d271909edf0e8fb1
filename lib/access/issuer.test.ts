import { describe, expect, it } from "vitest";
import { isAllowedIssuer } from "./issuer";

describe("isAllowedIssuer", () => {
  it("allows https anywhere and http only on this machine", () => {
    expect(isAllowedIssuer("https://login.example.com/realms/acme")).toBe(true);
    expect(isAllowedIssuer("http://localhost:8080")).toBe(true);
    expect(isAllowedIssuer("http://127.0.0.1:4000/oidc")).toBe(true);
    expect(isAllowedIssuer("http://login.example.com")).toBe(false);
    expect(isAllowedIssuer("http://127.0.0.1.example.com")).toBe(false);
    expect(isAllowedIssuer("http://localhost.evil.test")).toBe(false);
    expect(isAllowedIssuer("ftp://localhost")).toBe(false);
    expect(isAllowedIssuer("not a url")).toBe(false);
  });
});
