/**
 * The /scim/v2 HTTP surface: authentication (RFC 7644 2), discovery (4), errors (3.12), body
 * limits, attributes (3.4.2.5), versions (3.14), and the authorization matrix: every endpoint and
 * method against tokens carrying each permission, against PostgreSQL.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SCIM_ROUTE_ACCESS, mayCallScim, type ScimAccess } from "@/lib/access/catalogue";
import { TOKEN_PERMISSIONS, type Permission } from "@/lib/access/permissions";
import {
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  PATCH_SCHEMA,
  SCIM_MAX_BODY_BYTES,
  SEARCH_REQUEST_SCHEMA,
  USER_SCHEMA,
} from "@/lib/scim/constants";
import { adminActor, createApiToken, createGroup, createUser, resetDatabase, unique } from "@/lib/testing/factories";
import { db } from "@/lib/dal/db";
import { revokeToken } from "@/lib/dal/api-tokens";
import type { Actor } from "@/lib/dal/actor";
import { scim } from "./scim-testing/client";

let admin: Actor;
let full: string;
beforeAll(async () => {
  await resetDatabase();
  admin = await adminActor();
  full = (await createApiToken(admin, ["users:read", "users:write", "groups:read", "groups:write", "members:write"]))
    .secret;
});

const newUser = (name = unique("u")) => ({
  schemas: [USER_SCHEMA],
  userName: name,
  emails: [{ value: `${name}@example.test` }],
});

describe("authentication", () => {
  it("401 in the SCIM error schema, with WWW-Authenticate, for a missing, wrong or revoked token", async () => {
    const missing = await scim("GET", "/Users", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await scim("GET", "/Users", { token: "gth_not-a-real-token" });
    expect([wrong.status, wrong.body.detail]).toEqual([401, expect.stringMatching(/not valid/)]);
    const { id, secret } = await createApiToken(admin, ["users:read"]);
    expect((await scim("GET", "/Users", { token: secret })).status).toBe(200);
    await revokeToken(admin, id);
    const revoked = await scim("GET", "/Users", { token: secret });
    expect([revoked.status, revoked.body.detail]).toEqual([401, expect.stringMatching(/revoked/)]);
  });

  it("a session cookie is not a SCIM credential", async () => {
    const answer = await scim("GET", "/ServiceProviderConfig", { headers: { cookie: "authjs.session-token=x" } });
    expect(answer.status).toBe(401);
  });
});

describe("discovery (RFC 7644 4)", () => {
  it("ServiceProviderConfig, ResourceTypes and Schemas describe what the server does", async () => {
    const config = await scim("GET", "/ServiceProviderConfig", { token: full });
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      etag: { supported: true },
      sort: { supported: true },
      bulk: { supported: false },
    });
    const types = await scim("GET", "/ResourceTypes", { token: full });
    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(["User", "Group"]);
    expect((await scim("GET", "/ResourceTypes/User", { token: full })).body.schemaExtensions[0].schema).toBe(
      ENTERPRISE_SCHEMA,
    );
    const schemas = await scim("GET", "/Schemas", { token: full });
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([
      USER_SCHEMA,
      GROUP_SCHEMA,
      ENTERPRISE_SCHEMA,
    ]);
    expect((await scim("GET", `/Schemas/${GROUP_SCHEMA}`, { token: full })).body.name).toBe("Group");
    expect((await scim("GET", "/Schemas/urn:nope", { token: full })).status).toBe(404);
    // /Bulk and /Me (RFC 7644 3.7, 3.11) are not offered: 501 in the SCIM error schema; unknown paths 404.
    const bulk = await scim("POST", "/Bulk", { token: full, body: {} });
    expect([bulk.status, bulk.body.schemas]).toEqual([501, ["urn:ietf:params:scim:api:messages:2.0:Error"]]);
    const me = await scim("GET", "/Me", { token: full });
    expect([me.status, me.body.detail]).toEqual([501, expect.stringContaining("/Me")]);
    expect((await scim("GET", "/Nope", { token: full })).status).toBe(404);
  });
});

describe("bad input (RFC 7644 3.12): a clear 400, nothing applied, no stack trace", () => {
  it("answers malformed JSON, wrong shapes, bad filters and unknown ids in the SCIM error schema", async () => {
    const users = await db.user.count();
    const cases: [string, string, { rawBody?: string; body?: unknown }, number, string?][] = [
      ["POST", "/Users", { rawBody: "{not json" }, 400, "invalidSyntax"],
      ["POST", "/Users", { rawBody: "" }, 400, "invalidSyntax"],
      ["POST", "/Users", { body: [1, 2] }, 400, "invalidSyntax"],
      ["POST", "/Users", { body: { userName: "x y", emails: [{ value: "a@b.test" }] } }, 400, "invalidValue"],
      ["POST", "/Users", { body: { userName: "nul\u0000", emails: [{ value: "a@b.test" }] } }, 400, "invalidValue"],
      ["GET", `/Users?filter=${encodeURIComponent("userName xx 1")}`, {}, 400, "invalidFilter"],
      ["GET", `/Users?filter=${encodeURIComponent('password eq "x"')}`, {}, 400, "invalidFilter"],
      ["PATCH", `/Users/${admin.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [] } }, 400, "invalidSyntax"],
      [
        "PATCH",
        `/Users/${admin.id}`,
        { body: { Operations: [{ op: "replace", path: "emails[type eq", value: 1 }] } },
        400,
      ],
      ["POST", "/Groups", { body: { displayName: "" } }, 400, "invalidValue"],
      ["GET", "/Users/not-an-id", {}, 404],
      ["GET", "/Groups/00000000-0000-4000-8000-000000000000", {}, 404],
    ];
    for (const [method, path, options, status, scimType] of cases) {
      const answer = await scim(method, path, { token: full, ...options });
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(answer.body.schemas, `${method} ${path}`).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
      if (scimType) expect(answer.body.scimType, `${method} ${path}`).toBe(scimType);
      expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(await db.user.count()).toBe(users);
  });

  it(`a body over ${SCIM_MAX_BODY_BYTES} bytes is a 413`, async () => {
    const big = JSON.stringify({ ...newUser(), title: "x".repeat(SCIM_MAX_BODY_BYTES) });
    const answer = await scim("POST", "/Users", { token: full, rawBody: big });
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toMatch(/larger than/);
  });
});

describe("attributes, paging and versions", () => {
  it("attributes and excludedAttributes shape every resource; id and schemas always come back", async () => {
    const { body: user } = await scim("POST", "/Users", {
      token: full,
      body: { ...newUser(), title: "T", name: { givenName: "G" } },
    });
    const only = await scim("GET", `/Users/${user.id}?attributes=userName,name.givenName`, { token: full });
    expect(Object.keys(only.body).sort()).toEqual(["id", "name", "schemas", "userName"]);
    expect(only.body.name).toEqual({ givenName: "G" });
    const without = await scim("GET", `/Users/${user.id}?excludedAttributes=groups,title,emails.type`, { token: full });
    expect(without.body).not.toHaveProperty("groups");
    expect(without.body).not.toHaveProperty("title");
    expect(without.body.emails[0]).not.toHaveProperty("type");
    const list = await scim("GET", `/Users?attributes=userName&count=1&startIndex=2`, { token: full });
    expect(list.body).toMatchObject({ startIndex: 2, itemsPerPage: 1 });
    expect(Object.keys(list.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
  });

  it("meta.version is the ETag; If-Match with an old version is a 412 and changes nothing", async () => {
    const { body: group } = await scim("POST", "/Groups", { token: full, body: { displayName: unique("g") } });
    const renamed = await scim("PUT", `/Groups/${group.id}`, {
      token: full,
      body: { displayName: unique("g2") },
      headers: { "if-match": group.meta.version },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("etag")).not.toBe(group.meta.version);
    const stale = await scim("PUT", `/Groups/${group.id}`, {
      token: full,
      body: { displayName: "never" },
      headers: { "if-match": group.meta.version },
    });
    expect(stale.status).toBe(412);
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).name).toBe(renamed.body.displayName);
  });
});

/** Every endpoint and method, with a body that the full token's call would accept. */
function requestsOf(fx: { userId: string; groupId: string; memberId: string }) {
  const patchMembers = {
    schemas: [PATCH_SCHEMA],
    Operations: [{ op: "add", path: "members", value: [{ value: fx.memberId }] }],
  };
  return [
    ["GET", "/ServiceProviderConfig", "/scim/v2/ServiceProviderConfig"],
    ["GET", "/ResourceTypes", "/scim/v2/ResourceTypes"],
    ["GET", "/ResourceTypes/User", "/scim/v2/ResourceTypes/[id]"],
    ["GET", "/Schemas", "/scim/v2/Schemas"],
    ["GET", `/Schemas/${USER_SCHEMA}`, "/scim/v2/Schemas/[id]"],
    ["GET", "/Users", "/scim/v2/Users"],
    ["POST", "/Users", "/scim/v2/Users", newUser()],
    ["GET", `/Users/${fx.userId}`, "/scim/v2/Users/[id]"],
    ["PUT", `/Users/${fx.userId}`, "/scim/v2/Users/[id]", null],
    [
      "PATCH",
      `/Users/${fx.userId}`,
      "/scim/v2/Users/[id]",
      { Operations: [{ op: "replace", path: "title", value: "x" }] },
    ],
    ["DELETE", `/Users/${fx.userId}`, "/scim/v2/Users/[id]"],
    ["GET", "/Groups", "/scim/v2/Groups"],
    ["POST", "/Groups", "/scim/v2/Groups", { displayName: unique("matrix") }],
    ["GET", `/Groups/${fx.groupId}`, "/scim/v2/Groups/[id]"],
    ["PUT", `/Groups/${fx.groupId}`, "/scim/v2/Groups/[id]", { displayName: unique("put") }],
    ["PATCH", `/Groups/${fx.groupId}`, "/scim/v2/Groups/[id]", patchMembers],
    ["DELETE", `/Groups/${fx.groupId}`, "/scim/v2/Groups/[id]"],
    ["POST", "/Users/.search", "/scim/v2/Users/.search", { schemas: [SEARCH_REQUEST_SCHEMA], count: 1 }],
    ["POST", "/Groups/.search", "/scim/v2/Groups/.search", { schemas: [SEARCH_REQUEST_SCHEMA], count: 1 }],
    ["POST", "/.search", "/scim/v2/.search", { schemas: [SEARCH_REQUEST_SCHEMA], count: 1 }],
    ["GET", "/Nope", "/scim/v2/[...path]"],
  ] as const;
}

describe("authorization matrix: every SCIM endpoint × token permissions", () => {
  // One token per permission (a token carries at least one); those without a SCIM permission must get 403 everywhere.
  const sets: Permission[][] = TOKEN_PERMISSIONS.map((p) => [p]);

  it("each endpoint answers exactly the tokens whose permissions the catalogue names (403 otherwise)", async () => {
    const covered = new Set<string>();
    const failures: string[] = [];
    for (const permissions of sets) {
      const { secret } = await createApiToken(admin, permissions);
      const user = await createUser();
      const member = await createUser();
      const group = await createGroup({ memberIds: [user.id] });
      const fx = { userId: user.id, groupId: group.id, memberId: member.id };
      for (const [method, path, route, body] of requestsOf(fx)) {
        covered.add(`${method} ${route}`);
        // A group PATCH needs the permission of its operations: this one adds a member.
        const access =
          method === "PATCH" && route === "/scim/v2/Groups/[id]"
            ? "members:write"
            : (SCIM_ROUTE_ACCESS as Record<string, Record<string, ScimAccess>>)[route]![method]!;
        const requestBody = body === null ? { ...newUser(user.username), active: true } : body;
        const answer = await scim(method, path, { token: secret, body: requestBody ?? undefined });
        const allowed = mayCallScim(access, new Set(permissions));
        const label = `[${permissions.join(",") || "no permission"}] ${method} ${path}`;
        if (allowed && [401, 403].includes(answer.status)) failures.push(`${label}: refused ${answer.status}`);
        if (!allowed && answer.status !== 403) failures.push(`${label}: answered ${answer.status}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
    const declared = Object.entries(SCIM_ROUTE_ACCESS).flatMap(([route, methods]) =>
      Object.keys(methods)
        .filter((m) => route !== "/scim/v2/[...path]" || m === "GET")
        .map((m) => `${m} ${route}`),
    );
    expect(declared.filter((entry) => !covered.has(entry))).toEqual([]);
  });

  it("a token with groups:write but not members:write cannot add a member; with members:write only it can", async () => {
    const user = await createUser();
    const group = await createGroup();
    const body = { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: user.id }] }] };
    const noMembers = (await createApiToken(admin, ["groups:read", "groups:write"])).secret;
    expect((await scim("PATCH", `/Groups/${group.id}`, { token: noMembers, body })).status).toBe(403);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(0);
    const membersOnly = (await createApiToken(admin, ["members:write"])).secret;
    expect((await scim("PATCH", `/Groups/${group.id}`, { token: membersOnly, body })).status).toBe(204);
    const rename = { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "displayName", value: "x" }] };
    expect((await scim("PATCH", `/Groups/${group.id}`, { token: membersOnly, body: rename })).status).toBe(403);
  });
});
