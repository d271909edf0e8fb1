import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import {
  ACTION_ACCESS,
  ADMIN_ROUTES,
  API_ROUTE_ACCESS,
  SCIM_ROUTE_ACCESS,
  OTHER_PAGE_ACCESS,
  PROTOCOL_ROUTE_ACCESS,
  mayCall,
  mayOpen,
  type ActionAccess,
  type ActionName,
  type AdminRoutePath,
} from "../../lib/access/catalogue";
import { apiV1Routes } from "../../lib/access/api-v1";
import { PORTAL_ROLE_PERMISSIONS, type Permission } from "../../lib/access/permissions";
import { DEMO_PASSWORD, unique } from "../fixtures";

/**
 * The authorization matrix, generated from the build: every server action in the
 * server-reference manifest and every route in the app-path manifest, called as
 * each of four actors, must be allowed exactly as the catalogue says; a refused
 * call leaves the database unchanged (a hash of every table, before and after).
 */
test.describe.configure({ mode: "serial" });

const ROOT = process.cwd();
const BASE_URL = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const REFUSED = ["You are not allowed to do that.", "Your session has ended. Please sign in again."];

type ManifestAction = { id: string; name: string; filename: string; workers: string[] };
const serverReferences = JSON.parse(
  readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
) as { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };
const MANIFEST_ACTIONS: ManifestAction[] = Object.entries(serverReferences.node).map(([id, entry]) => ({
  id,
  name: entry.exportedName,
  filename: entry.filename,
  workers: Object.keys(entry.workers),
}));
/** "/(admin)/admin/groups/[groupId]/page" → "/admin/groups/[groupId]" */
const ROUTES = JSON.parse(readFileSync(path.join(ROOT, ".next/app-path-routes-manifest.json"), "utf8")) as Record<
  string,
  string
>;

interface Actor {
  name: string;
  signedIn: boolean;
  permissions: ReadonlySet<Permission>;
  context: APIRequestContext;
}
const ACTOR_SPECS = [
  { name: "anonymous", username: null, permissions: [] },
  { name: "end user", username: "maria.garcia", permissions: [] },
  { name: "auditor", username: "zara.ahmed", permissions: PORTAL_ROLE_PERMISSIONS.auditor ?? [] },
  { name: "admin", username: "admin", permissions: PORTAL_ROLE_PERMISSIONS.admin ?? [] },
] as const;

async function signedIn(username: string | null): Promise<APIRequestContext> {
  if (username === null) {
    // A cookie the proxy takes for a session (it only redirects requests without one), which
    // Auth.js ignores over http: the request reaches the pages and actions, which must refuse it.
    return request.newContext({
      baseURL: BASE_URL,
      extraHTTPHeaders: { cookie: "__Secure-authjs.session-token=forged" },
    });
  }
  const context = await request.newContext({ baseURL: BASE_URL });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, username, password: DEMO_PASSWORD, callbackUrl: "/" },
    maxRedirects: 0,
  });
  const me = await context.get("/api/me");
  expect(me.status(), `sign-in of ${username}`).toBe(200);
  return context;
}

// --- the database fingerprint -------------------------------------------------------------
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
let tables: string[] = [];
async function fingerprint(): Promise<string> {
  const sql = tables
    .map(
      (table) =>
        `SELECT '${table}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${table}" x`,
    )
    .join(" UNION ALL ");
  const { rows } = await db.query<{ t: string; n: number; h: string }>(sql);
  return rows.map((row) => `${row.t}:${row.n}:${row.h}`).join("\n");
}
async function idOf(sql: string, value: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(sql, [value]);
  expect(rows[0]?.id, `${sql} ${value}`).toBeTruthy();
  return rows[0]!.id;
}

// --- calling an action as the browser does -----------------------------------------------
type Fixtures = Record<
  | "appId"
  | "roleId"
  | "role2Id"
  | "groupId"
  | "group2Id"
  | "userId"
  | "user2Id"
  | "username"
  | "groupName"
  | "providerId"
  | "mappingId"
  | "stageId"
  | "clientId"
  | "tokenId",
  string
>;
let fx: Fixtures;

function pagePath(action: ManifestAction): string {
  const worker = [...action.workers].sort((a, b) => Number(a.includes("[")) - Number(b.includes("[")))[0];
  const route = worker ? ROUTES[worker.replace(/^app/, "")] : undefined;
  if (!route) return "/";
  const ids: Record<string, string | undefined> = {
    userId: fx?.userId,
    groupId: fx?.groupId,
    roleId: fx?.roleId,
    applicationId: fx?.appId,
    providerId: fx?.providerId,
  };
  return route.replace(/\[(\w+)\]/g, (_, name: string) => ids[name] ?? "00000000-0000-4000-8000-000000000000");
}

async function callAction(
  context: APIRequestContext,
  action: ManifestAction,
  args: unknown[],
  origin = BASE_URL,
): Promise<{ status: number; body: string }> {
  const response = await context.post(pagePath(action), {
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: origin,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

function byName(name: ActionName): ManifestAction {
  const action = MANIFEST_ACTIONS.find((entry) => entry.name === name);
  expect(action, `${name} in the server-reference manifest`).toBeTruthy();
  return action!;
}

/** Plausible arguments, pointing at real rows, so a refusal that failed would show in the database. */
const ARGS: Record<Exclude<ActionName, PublicAction>, (f: Fixtures) => unknown[]> = {
  changePasswordAction: () => [{ currentPassword: "wrong", newPassword: "x", confirmPassword: "y" }],
  createUserAction: (f) => [
    {
      username: unique("mx-user"),
      email: `${unique("mx")}@example.test`,
      displayName: "Matrix",
      password: "a-long-password-123",
      groupIds: [f.groupId],
    },
  ],
  updateUserAction: (f) => [f.userId, { email: `${f.username}@example.test`, displayName: "Renamed" }],
  setUserStatusAction: (f) => [f.userId, "DISABLED"],
  setPasswordAction: (f) => [f.userId, { password: "another-long-password-1" }],
  signOutEverywhereAction: (f) => [f.userId],
  previewDeleteUserAction: (f) => [f.userId],
  deleteUserAction: (f) => [f.user2Id],
  addToGroupsAction: (f) => [f.userId, [f.group2Id]],
  previewRemoveFromGroupAction: (f) => [f.userId, f.groupId],
  removeFromGroupAction: (f) => [f.userId, f.groupId],
  grantRolesAction: (f) => [f.userId, [f.role2Id]],
  removeGrantAction: (f) => [f.userId, f.roleId],
  linkIdentityAction: (f) => [f.userId, { providerId: f.providerId, subject: unique("mx-subject") }],
  unlinkIdentityAction: (f) => [f.userId, f.providerId, "mx-no-such-subject"],
  createGroupAction: (f) => [{ name: unique("mx-group"), description: "", roleIds: [f.roleId], memberIds: [] }],
  updateGroupAction: (f) => [f.groupId, { name: f.groupName, description: "changed" }],
  previewDeleteGroupAction: (f) => [f.groupId],
  deleteGroupAction: (f) => [f.group2Id],
  addRolesToGroupAction: (f) => [f.groupId, [f.role2Id]],
  previewRemoveRoleAction: (f) => [f.groupId, f.roleId],
  removeRoleFromGroupAction: (f) => [f.groupId, f.roleId],
  addMembersAction: (f) => [f.group2Id, [f.userId]],
  addMembersByLoginAction: (f) => [f.group2Id, "maria.garcia"],
  previewRemoveMembersAction: (f) => [f.groupId, [f.userId]],
  removeMembersAction: (f) => [f.groupId, [f.userId]],
  createRoleAction: (f) => [
    { applicationId: f.appId, key: unique("mx-role"), name: unique("Mx role"), description: "" },
  ],
  updateRoleAction: (f) => [f.roleId, { name: "Renamed role", description: "changed" }],
  previewDeleteRoleAction: (f) => [f.roleId],
  deleteRoleAction: (f) => [f.role2Id],
  createApplicationAction: () => [{ key: unique("mx-app"), name: unique("Mx app"), description: "" }],
  updateApplicationAction: (f) => [f.appId, { name: "Renamed app", description: "changed" }],
  previewDeleteApplicationAction: (f) => [f.appId],
  deleteApplicationAction: (f) => [f.appId],
  createProviderAction: () => [provider(unique("mx-idp"))],
  updateProviderAction: (f) => [f.providerId, { ...provider("unused"), key: undefined, clientSecret: "" }],
  deleteProviderAction: (f) => [f.providerId],
  addMappingAction: (f) => [f.providerId, { value: "other-team", groupIds: [f.group2Id] }],
  removeMappingAction: (f) => [f.providerId, f.mappingId],
  createStageAction: () => [{ key: unique("mx-stage").toLowerCase(), name: "Mx stage", description: "" }],
  updateStageAction: (f) => [f.stageId, { name: "Renamed stage", description: "changed" }],
  moveStageAction: (f) => [{ stageId: f.stageId, direction: "up" }],
  deleteStageAction: (f) => [f.stageId],
  createClientAction: (f) => [f.appId, signInClient(unique("mx-client"))],
  updateClientAction: (f) => [f.clientId, { ...signInClient("Renamed client"), assignmentRequired: true }],
  regenerateClientSecretAction: (f) => [f.clientId],
  deleteClientAction: (f) => [f.clientId],
  rotateSigningKeyAction: () => [],
  createTokenAction: () => [{ name: unique("mx-token"), permissions: ["users:read"], expiresInDays: 7 }],
  revokeTokenAction: (f) => [f.tokenId],
};

function signInClient(name: string) {
  return { name, type: "CONFIDENTIAL", redirectUris: "https://app.example.test/callback" };
}
type PublicAction = { [K in ActionName]: (typeof ACTION_ACCESS)[K] extends "public" ? K : never }[ActionName];

function provider(key: string) {
  return {
    key,
    name: `IdP ${key}`,
    issuer: "https://idp.example.test/realms/matrix",
    clientId: "gatehouse",
    clientSecret: "a-secret",
    scopes: "openid profile email",
    groupsClaim: "groups",
    enabled: false,
  };
}

const actors: Actor[] = [];

test.beforeAll(async () => {
  await db.connect();
  tables = (
    await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    )
  ).rows.map((row) => row.tablename);
  for (const spec of ACTOR_SPECS) {
    actors.push({
      name: spec.name,
      signedIn: spec.username !== null,
      permissions: new Set(spec.permissions),
      context: await signedIn(spec.username),
    });
  }
  // Fixtures made by the administrator through the actions themselves.
  const admin = actors.find((a) => a.name === "admin")!.context;
  const ok = async (name: ActionName, args: unknown[]) => {
    const result = await callAction(admin, byName(name), args);
    expect(result.status, `${name}: ${result.body.slice(0, 300)}`).toBe(200);
    expect(result.body, name).toContain('"ok":true');
  };
  const tag = unique("mx").toLowerCase();
  await ok("createApplicationAction", [{ key: `${tag}-app`, name: `${tag} app`, description: "" }]);
  const appId = await idOf(`SELECT id FROM "Application" WHERE key = $1`, `${tag}-app`);
  for (const key of ["r1", "r2"]) {
    await ok("createRoleAction", [{ applicationId: appId, key, name: `${tag} ${key}`, description: "" }]);
  }
  const roleId = await idOf(`SELECT id FROM "Role" WHERE name = $1`, `${tag} r1`);
  const role2Id = await idOf(`SELECT id FROM "Role" WHERE name = $1`, `${tag} r2`);
  for (const name of [`${tag} g1`, `${tag} g2`]) {
    await ok("createGroupAction", [{ name, description: "", roleIds: [roleId], memberIds: [] }]);
  }
  const groupId = await idOf(`SELECT id FROM "Group" WHERE name = $1`, `${tag} g1`);
  const group2Id = await idOf(`SELECT id FROM "Group" WHERE name = $1`, `${tag} g2`);
  await ok("createUserAction", [
    {
      username: `${tag}-user`,
      email: `${tag}-user@example.test`,
      displayName: `${tag} user`,
      password: "a-long-password-123",
      groupIds: [groupId],
    },
  ]);
  const userId = await idOf(`SELECT id FROM "User" WHERE username = $1`, `${tag}-user`);
  await ok("createUserAction", [
    {
      username: `${tag}-user2`,
      email: `${tag}-user2@example.test`,
      displayName: `${tag} user2`,
      password: "a-long-password-123",
      groupIds: [],
    },
  ]);
  const user2Id = await idOf(`SELECT id FROM "User" WHERE username = $1`, `${tag}-user2`);
  await ok("grantRolesAction", [userId, [roleId]]);
  await ok("createProviderAction", [provider(`${tag}-idp`)]);
  const providerId = await idOf(`SELECT id FROM "IdentityProvider" WHERE key = $1`, `${tag}-idp`);
  await ok("addMappingAction", [providerId, { value: "matrix-team", groupIds: [groupId] }]);
  const mappingId = await idOf(`SELECT id FROM "IdpGroupMapping" WHERE value = $1`, "matrix-team");
  await ok("createStageAction", [{ key: `${tag}-stage`, name: `${tag} stage`, description: "" }]);
  const stageId = await idOf(`SELECT id FROM "Stage" WHERE key = $1`, `${tag}-stage`);
  await ok("createClientAction", [appId, signInClient(`${tag} client`)]);
  const clientId = await idOf(`SELECT id FROM "OidcClient" WHERE name = $1`, `${tag} client`);
  await ok("createTokenAction", [{ name: `${tag}-token`, permissions: ["users:read"], expiresInDays: 7 }]);
  const tokenId = await idOf(`SELECT id FROM "ApiToken" WHERE name = $1`, `${tag}-token`);
  fx = {
    appId,
    roleId,
    role2Id,
    groupId,
    group2Id,
    userId,
    user2Id,
    username: `${tag}-user`,
    groupName: `${tag} g1`,
    providerId,
    mappingId,
    stageId,
    clientId,
    tokenId,
  };
});

test.afterAll(async () => {
  await Promise.all(actors.map((actor) => actor.context.dispose()));
  // Other specs expect no identity provider to exist.
  await db.query(`DELETE FROM "IdentityProvider" WHERE key LIKE 'mx-%'`);
  // Other specs run with the default stage only (no stage UI).
  await db.query(`DELETE FROM "Stage" WHERE key LIKE 'mx-%' AND NOT "isDefault"`);
  await db.end();
});

test("every server action in the build declares its access in the catalogue", () => {
  expect(MANIFEST_ACTIONS.length).toBeGreaterThanOrEqual(Object.keys(ACTION_ACCESS).length);
  const undeclared = MANIFEST_ACTIONS.filter((action) => !(action.name in ACTION_ACCESS)).map(
    (action) => `${action.filename}#${action.name}`,
  );
  expect(undeclared).toEqual([]);
  const withoutArgs = MANIFEST_ACTIONS.filter(
    (action) => ACTION_ACCESS[action.name as ActionName] !== "public" && !(action.name in ARGS),
  ).map((action) => action.name);
  expect(withoutArgs).toEqual([]);
});

test("every page opens for exactly the actors the catalogue allows", async () => {
  const pages = Object.values(ROUTES).filter(
    (route) => !route.startsWith("/api/") && !route.startsWith("/scim/") && !(route in PROTOCOL_ROUTE_ACCESS),
  );
  for (const route of pages) {
    const isAdmin = route === "/admin" || route.startsWith("/admin/");
    const access: ActionAccess | undefined = isAdmin ? undefined : OTHER_PAGE_ACCESS[route];
    if (isAdmin) {
      expect(route === "/admin" || ADMIN_ROUTES.some((entry) => entry.path === route), `${route} in ADMIN_ROUTES`).toBe(
        true,
      );
    } else {
      expect(access, `${route} in OTHER_PAGE_ACCESS`).toBeDefined();
      if (access === "public") continue;
    }
    const url = route.replace(/\[(\w+)\]/g, (_, name: string) =>
      name === "applicationId" ? fx.appId : (fx[name as keyof Fixtures] ?? "x"),
    );
    for (const actor of actors) {
      const allowed = isAdmin
        ? actor.signedIn && mayOpen(route as AdminRoutePath, actor.permissions)
        : mayCall(access!, actor.signedIn, actor.permissions);
      const response = await actor.context.get(url, { maxRedirects: 0 });
      const location = response.headers()["location"] ?? "";
      const refusedTo = /^(https?:\/\/[^/]+)?\/(sign-in|me\?denied=1|admin)(\?|$)/.test(location);
      const label = `${actor.name} GET ${url} → ${response.status()} ${location}`;
      if (allowed) {
        expect(response.status() === 200 || (response.status() === 307 && !refusedTo), label).toBe(true);
      } else {
        expect([303, 307, 308], label).toContain(response.status());
        expect(refusedTo, label).toBe(true);
      }
    }
  }
});

test("protocol routes outside /api are declared, with a reason, in PROTOCOL_ROUTE_ACCESS", () => {
  const outside = Object.values(ROUTES).filter(
    // SCIM routes have their own table (SCIM_ROUTE_ACCESS), checked per method and token permission.
    (route) =>
      !route.startsWith("/api/") &&
      !route.startsWith("/scim/") &&
      !route.startsWith("/admin") &&
      !(route in OTHER_PAGE_ACCESS),
  );
  expect(outside.filter((route) => !(route in PROTOCOL_ROUTE_ACCESS))).toEqual([]);
});

test("every API route answers exactly the actors the catalogue allows (401 JSON for nobody)", async () => {
  const apiRoutes = Object.values(ROUTES).filter((route) => route.startsWith("/api/"));
  expect(apiRoutes.length).toBeGreaterThan(1);
  for (const route of apiRoutes) {
    const access = API_ROUTE_ACCESS[route];
    expect(access, `${route} in API_ROUTE_ACCESS`).toBeDefined();
    if (access === "public") continue;
    for (const actor of actors) {
      const url = route.replace(/\[(\w+)\]/g, "00000000-0000-4000-8000-000000000000");
      // A REST API route is called with a method it serves (some serve only POST or DELETE).
      const method = access === "api-token" ? (apiV1Routes().get(route)?.[0]?.method ?? "GET") : "GET";
      const response = await actor.context.fetch(url, {
        method,
        maxRedirects: 0,
        ...(method === "POST" || method === "PATCH" ? { data: {} } : {}),
      });
      const label = `${actor.name} ${method} ${url}`;
      if (access === "api-token") {
        // The REST API ignores sessions: only a bearer token gets in (matrix of tokens: lib/api/v1/api-v1.int.test.ts).
        expect(response.status(), label).toBe(401);
        expect(response.headers()["content-type"], label).toContain("application/problem+json");
      } else if (mayCall(access!, actor.signedIn, actor.permissions)) {
        expect(response.status(), label).toBe(200);
      } else {
        expect(response.status(), label).toBe(actor.signedIn ? 403 : 401);
        expect(response.headers()["content-type"], label).toContain("application/json");
      }
    }
  }
});

test("every refused server action is refused and changes nothing", async () => {
  const refusals: string[] = [];
  for (const actor of actors) {
    for (const action of MANIFEST_ACTIONS) {
      const access = ACTION_ACCESS[action.name as ActionName];
      if (access === "public" || mayCall(access, actor.signedIn, actor.permissions)) continue;
      const args = ARGS[action.name as Exclude<ActionName, PublicAction>](fx);
      const before = await fingerprint();
      const result = await callAction(actor.context, action, args);
      const label = `${actor.name} → ${action.name}: ${result.status} ${result.body.slice(0, 200)}`;
      expect(
        REFUSED.some((message) => result.body.includes(message)),
        label,
      ).toBe(true);
      expect(await fingerprint(), `database after ${label}`).toBe(before);
      refusals.push(`${actor.name} ${action.name}`);
    }
  }
  // anonymous: every non-public action; end user: all but one; auditor: all but one.
  expect(refusals.length).toBeGreaterThan(3 * 30);
});

test("a forged cross-origin action POST is rejected and changes nothing", async () => {
  const admin = actors.find((actor) => actor.name === "admin")!;
  const before = await fingerprint();
  const name = unique("forged");
  const result = await callAction(
    admin.context,
    byName("createGroupAction"),
    [{ name, description: "", roleIds: [], memberIds: [] }],
    "https://evil.example",
  );
  expect(result.status, result.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(result.body).not.toContain('"ok":true');
  expect(await fingerprint()).toBe(before);
});

test("every allowed server action is not refused", async () => {
  for (const actor of actors) {
    // Deletions last, so the other actions still find their rows.
    const actions = [...MANIFEST_ACTIONS].sort(
      (a, b) => Number(a.name.startsWith("delete")) - Number(b.name.startsWith("delete")),
    );
    for (const action of actions) {
      const access = ACTION_ACCESS[action.name as ActionName];
      if (access === "public" || !mayCall(access, actor.signedIn, actor.permissions)) continue;
      const args = ARGS[action.name as Exclude<ActionName, PublicAction>](fx);
      const result = await callAction(actor.context, action, args);
      const label = `${actor.name} → ${action.name}: ${result.status} ${result.body.slice(0, 300)}`;
      expect(result.status, label).toBe(200);
      expect(
        REFUSED.some((message) => result.body.includes(message)),
        label,
      ).toBe(false);
    }
  }
});

// The SCIM server authenticates with API tokens only: lib/api/scim-http.int.test.ts runs its matrix of
// every endpoint x token permission; here, every SCIM route of the build is declared and a session is no key.
test("every SCIM route is declared in SCIM_ROUTE_ACCESS and answers a session with a SCIM 401", async () => {
  const scimRoutes = Object.values(ROUTES).filter((route) => route.startsWith("/scim/"));
  expect(scimRoutes.length).toBeGreaterThan(5);
  for (const route of scimRoutes) {
    expect(route in SCIM_ROUTE_ACCESS, `${route} in SCIM_ROUTE_ACCESS`).toBe(true);
    const url = route.replace("[...path]", "Nope").replace("[id]", "User");
    // A /.search route answers POST only (RFC 7644 3.4.3).
    const method = "GET" in SCIM_ROUTE_ACCESS[route as keyof typeof SCIM_ROUTE_ACCESS] ? "GET" : "POST";
    for (const actor of actors) {
      const response =
        method === "GET"
          ? await actor.context.get(url, { maxRedirects: 0 })
          : await actor.context.post(url, { maxRedirects: 0, data: {} });
      expect(response.status(), `${actor.name} ${method} ${url}`).toBe(401);
      expect(response.headers()["content-type"], `${actor.name} ${method} ${url}`).toContain("application/scim+json");
    }
  }
});
