import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { API_V1_OPERATIONS, routeOf } from "@/lib/access/api-v1";
import { TOKEN_PERMISSIONS, type Permission } from "@/lib/access/permissions";
import { hashToken } from "@/lib/dal/api-tokens";
import { db } from "@/lib/dal/db";
import { addMembers } from "@/lib/dal/memberships";
import { adminActor, createApiToken, createGroup, createRole, createUser, unique } from "@/lib/testing/factories";
import type { Actor } from "@/lib/dal/actor";
import { apiV1Handlers, MAX_BODY_BYTES } from "./handler";
import { openApiDocument } from "./openapi";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

type Method = "GET" | "POST" | "PATCH" | "DELETE";
interface Call {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the route handler of a path as Next would, with a bearer token. */
async function call(method: Method, path: string, { token, body, rawBody, headers = {} }: Call = {}) {
  const url = new URL(path, "http://gatehouse.test");
  const operation = API_V1_OPERATIONS.find((op) => {
    if (op.method !== method) return false;
    const pattern = new RegExp(`^${op.path.replace(/\{\w+\}/g, "([^/]+)")}$`);
    return pattern.test(url.pathname);
  });
  if (!operation) throw new Error(`no operation for ${method} ${url.pathname}`);
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const values = new RegExp(`^${operation.path.replace(/\{\w+\}/g, "([^/]+)")}$`).exec(url.pathname)!.slice(1);
  const params = Object.fromEntries(names.map((name, i) => [name, values[i]!]));
  const handler = apiV1Handlers(routeOf(operation.path))[method]!;
  const init: RequestInit = { method, headers: { ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body !== undefined || rawBody !== undefined) {
    init.body = rawBody ?? JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const response = await handler(new Request(url, init), { params: Promise.resolve(params) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown> & { items?: unknown[] }) : null,
  };
}

let admin: Actor;
let full: string;
beforeAll(async () => {
  admin = await adminActor();
  full = (await createApiToken(admin, TOKEN_PERMISSIONS)).secret;
});

describe("/api/v1 authentication and errors", () => {
  it("401 says why, as problem+json, for a missing, invalid, expired or revoked token", async () => {
    const missing = await call("GET", "/api/v1/users");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(missing.json).toMatchObject({ status: 401, reason: "missing" });
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect((await call("GET", "/api/v1/users", { token: "gth_nope" })).json).toMatchObject({ reason: "invalid" });
    const expired = await createApiToken(admin, ["users:read"]);
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await call("GET", "/api/v1/users", { token: expired.secret })).json).toMatchObject({ reason: "expired" });
    const revoked = await createApiToken(admin, ["users:read"]);
    await db.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    expect((await call("GET", "/api/v1/users", { token: revoked.secret })).json).toMatchObject({ reason: "revoked" });
  });

  it("429 with Retry-After when the token is over its budget", async () => {
    const busy = await createApiToken(admin, ["users:read"]);
    await db.$executeRaw`INSERT INTO "RateLimit" ("key", "points", "expire")
      VALUES (${`api:token:${hashToken(busy.secret)}`}, 100000, ${BigInt(Date.now() + 20_000)})`;
    const response = await call("GET", "/api/v1/users", { token: busy.secret });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("bad input: 400 with field errors, invalid JSON, 415, 413 — and nothing half-applied", async () => {
    const before = await db.user.count();
    const bad = await call("POST", "/api/v1/users", {
      token: full,
      body: { username: "A B", email: "nope", displayName: "", password: "short" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const fields = (bad.json!.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(["body.username", "body.email", "body.displayName", "body.password"]),
    );
    expect((await call("POST", "/api/v1/users", { token: full, rawBody: "{nope" })).json).toMatchObject({
      status: 400,
      detail: "The body is not valid JSON.",
    });
    const textBody = await call("POST", "/api/v1/users", {
      token: full,
      rawBody: "username=x",
      headers: { "content-type": "text/plain" },
    });
    expect(textBody.status).toBe(415);
    const huge = await call("POST", "/api/v1/users", { token: full, rawBody: `"${"x".repeat(MAX_BODY_BYTES)}"` });
    expect(huge.status).toBe(413);
    const query = await call("GET", "/api/v1/users?limit=1000&cursor=nope", { token: full });
    expect(query.status).toBe(400);
    expect((query.json!.errors as { field: string }[]).map((e) => e.field)).toEqual(["query.cursor", "query.limit"]);
    const notFound = await call("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000", { token: full });
    expect(notFound.status).toBe(404);
    expect(await db.user.count()).toBe(before);
  });
});

describe("/api/v1 authorization matrix: every operation × every permission", () => {
  // For each operation, a token with every permission but the one it needs is refused (403) and
  // changes nothing; a token with only that permission (and the read permission a PATCH answers
  // with) is let through, whatever the outcome.
  const cases = API_V1_OPERATIONS.filter((op) => op.permission !== "public");
  it.each(cases)("$method $path needs $permission", async (operation) => {
    const needed = operation.permission as Permission;
    const without = await createApiToken(
      admin,
      TOKEN_PERMISSIONS.filter((p) => p !== needed),
    );
    const alsoNeeds = "alsoNeeds" in operation ? [operation.alsoNeeds] : [];
    const only = await createApiToken(admin, [needed, ...alsoNeeds]);
    const path = operation.path.replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
    const body = operation.method === "POST" || operation.method === "PATCH" ? {} : undefined;
    const before = await db.auditEvent.count();
    const refused = await call(operation.method, path, { token: without.secret, body });
    expect(refused.status, `${operation.id} without ${needed}`).toBe(403);
    expect(refused.json!.detail).toContain(needed);
    expect(await db.auditEvent.count()).toBe(before);
    const allowed = await call(operation.method, path, { token: only.secret, body });
    expect([401, 403], `${operation.id} with ${needed}: ${JSON.stringify(allowed.json)}`).not.toContain(allowed.status);
  });

  it("covers every operation of the catalogue", () => {
    expect(cases.length).toBe(API_V1_OPERATIONS.length - 1);
  });
});

describe("/api/v1 behaviour", () => {
  it("pages through users with the cursor, without repeats or gaps", async () => {
    const tag = unique("pg").toLowerCase();
    for (let i = 0; i < 7; i++) await createUser({ username: `${tag}-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call("GET", `/api/v1/users?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, {
        token: full,
      });
      expect(page.status).toBe(200);
      seen.push(...(page.json!.items as { username: string }[]).map((u) => u.username));
      cursor = page.json!.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...Array(7).keys()].map((i) => `${tag}-${i}`));
  });

  it("creates, reads with an ETag, updates with If-Match (412 when stale), and deletes a group, audited as the token", async () => {
    const name = unique("API group");
    const created = await call("POST", "/api/v1/groups", { token: full, body: { name, description: "x" } });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect(created.headers.get("location")).toBe(`/api/v1/groups/${id}`);
    const read = await call("GET", `/api/v1/groups/${id}`, { token: full });
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-z]+"$/);
    const notModified = await call("GET", `/api/v1/groups/${id}`, { token: full, headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    // A member added (here through the screens' data layer) changes the group's memberCount: a new ETag.
    const member = await createUser();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await addMembers(admin, id, [member.id]);
    const afterMember = await call("GET", `/api/v1/groups/${id}`, { token: full, headers: { "if-none-match": etag } });
    expect(afterMember.status).toBe(200);
    expect(afterMember.json).toMatchObject({ memberCount: 1 });
    expect(afterMember.headers.get("etag")).not.toBe(etag);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await call("PATCH", `/api/v1/groups/${id}`, {
      token: full,
      body: { description: "changed" },
      headers: { "if-match": afterMember.headers.get("etag")! },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ name, description: "changed" });
    const stale = await call("PATCH", `/api/v1/groups/${id}`, {
      token: full,
      body: { description: "lost update" },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect((await db.group.findUniqueOrThrow({ where: { id } })).description).toBe("changed");
    const events = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["group.created", "group.member_added", "group.updated"]);
    expect(events[0]!.actorName).toMatch(/^token token-\w+ \(created by admin-\w+\)$/);
    expect((await call("DELETE", `/api/v1/groups/${id}`, { token: full })).json).toEqual({ deleted: true, name });
  });

  it("honours Idempotency-Key: a retried create does not create twice; another body with the key is 422", async () => {
    const username = unique("idem").toLowerCase();
    const body = { username, email: `${username}@example.test`, displayName: "Idem", password: "a-long-password-123" };
    const headers = { "idempotency-key": `create-${username}` };
    const first = await call("POST", "/api/v1/users", { token: full, body, headers });
    const second = await call("POST", "/api/v1/users", { token: full, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.user.count({ where: { username } })).toBe(1);
    const other = await call("POST", "/api/v1/users", {
      token: full,
      body: { ...body, displayName: "Other" },
      headers,
    });
    expect(other.status).toBe(422);
  });

  it("?dryRun=true answers who would gain or lose which role, and changes nothing", async () => {
    const role = await createRole();
    const [ann, ben] = [await createUser(), await createUser()];
    const group = await createGroup({ roleIds: [role.id], memberIds: [ben.id] });
    const auditBefore = await db.auditEvent.count();
    const add = await call("POST", `/api/v1/groups/${group.id}/members?dryRun=true`, {
      token: full,
      body: { userIds: [ann.id, ben.id] },
    });
    expect(add.status).toBe(200);
    expect(add.json).toMatchObject({
      dryRun: true,
      wouldReturn: { added: [ann.username], alreadyMembers: [ben.username] },
      impact: {
        usersGaining: 1,
        usersLosing: 0,
        roles: [{ roleId: role.id, gaining: 1, sampleGaining: [ann.username] }],
      },
    });
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(1);
    const del = await call("DELETE", `/api/v1/groups/${group.id}?dryRun=true`, { token: full });
    expect(del.json).toMatchObject({
      impact: { usersLosing: 1, roles: [{ losing: 1, sampleLosing: [ben.username] }] },
    });
    expect(await db.group.count({ where: { id: group.id } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(auditBefore);
    // A dry run is refused exactly as the write would be.
    const bad = await call("POST", `/api/v1/groups/${group.id}/members?dryRun=true`, {
      token: full,
      body: { userIds: [] },
    });
    expect(bad.status).toBe(400);
  });

  it("bulk-adds and removes members, reads a user's effective access with sources, deletes a user", async () => {
    const role = await createRole();
    const group = await createGroup({ roleIds: [role.id] });
    const users = await Promise.all([createUser(), createUser(), createUser()]);
    const added = await call("POST", `/api/v1/groups/${group.id}/members`, {
      token: full,
      body: { userIds: users.map((u) => u.id) },
    });
    expect(added.json).toMatchObject({ added: users.map((u) => u.username).sort() });
    const access = await call("GET", `/api/v1/users/${users[0]!.id}/access`, { token: full });
    expect(access.json).toMatchObject({
      roles: [{ roleId: role.id, direct: false, inheritedFrom: [{ id: group.id, name: group.name }] }],
    });
    const removed = await call("POST", `/api/v1/groups/${group.id}/members/remove`, {
      token: full,
      body: { userIds: [users[0]!.id] },
    });
    expect(removed.json).toMatchObject({ removed: [users[0]!.username], notMembers: 0 });
    const members = await call("GET", `/api/v1/groups/${group.id}/members`, { token: full });
    expect(members.json!.items).toHaveLength(2);
    const gone = await call("DELETE", `/api/v1/users/${users[1]!.id}`, { token: full });
    expect(gone.json).toEqual({ deleted: true, name: users[1]!.username });
    expect(await db.user.count({ where: { id: users[1]!.id } })).toBe(0);
  });

  it("reads the audit log newest first with a cursor", async () => {
    const first = await call("GET", "/api/v1/audit-events?limit=2", { token: full });
    expect(first.json!.items).toHaveLength(2);
    const next = await call("GET", `/api/v1/audit-events?limit=2&cursor=${first.json!.nextCursor as string}`, {
      token: full,
    });
    const ids = [...first.json!.items!, ...next.json!.items!].map((e) => Number((e as { id: string }).id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document with every operation, served without a token", async () => {
    const served = await call("GET", "/api/v1/openapi.json");
    expect(served.status).toBe(200);
    const document = served.json as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(document).toEqual(openApiDocument());
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(document) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(operationIds.sort()).toEqual(API_V1_OPERATIONS.map((op) => op.id).sort());
  });
});
