import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_V1_OPERATIONS, apiV1Routes } from "./api-v1";
import { API_ROUTE_ACCESS } from "./catalogue";
import { TOKEN_PERMISSIONS } from "./permissions";
import { requestLimit } from "./rate-limits";

const ROOT = join(__dirname, "..", "..");

describe("the REST API's operations table", () => {
  it("has unique operation ids and unique method + path pairs", () => {
    expect(new Set(API_V1_OPERATIONS.map((op) => op.id)).size).toBe(API_V1_OPERATIONS.length);
    expect(new Set(API_V1_OPERATIONS.map((op) => `${op.method} ${op.path}`)).size).toBe(API_V1_OPERATIONS.length);
  });

  it.each([...apiV1Routes()])("%s: its route file exports exactly the table's methods", (route, operations) => {
    const file = join(ROOT, "app", route, "route.ts");
    expect(existsSync(file), file).toBe(true);
    const source = readFileSync(file, "utf8");
    expect(source).toContain(`apiV1Handlers("${route}")`);
    const exported = [...source.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]).sort();
    expect(exported).toEqual(operations.map((op) => op.method).sort());
    expect(API_ROUTE_ACCESS[route]).toBe(operations.some((op) => op.permission !== "public") ? "api-token" : "public");
  });

  it("asks only for permissions a token can carry", () => {
    for (const op of API_V1_OPERATIONS) {
      if (op.permission !== "public") expect(TOKEN_PERMISSIONS).toContain(op.permission);
    }
  });
});

describe("the API token rate limit", () => {
  it("is 600 a minute unless API_TOKEN_RATE_LIMIT says otherwise (a positive whole number)", () => {
    expect(requestLimit("api:token", {})).toEqual({ points: 600, windowSeconds: 60 });
    expect(requestLimit("api:token", { API_TOKEN_RATE_LIMIT: "5000" }).points).toBe(5000);
    expect(requestLimit("api:token", { API_TOKEN_RATE_LIMIT: "-1" }).points).toBe(600);
    expect(requestLimit("api:token", { API_TOKEN_RATE_LIMIT: "lots" }).points).toBe(600);
  });
});
