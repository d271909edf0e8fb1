/**
 * Who may open which admin page and call which server action, derived from the
 * permission catalogue. One table per kind, so tests (unit and the e2e
 * authorization matrix) can derive the expected allow-set of every entry.
 */
import { apiV1Routes } from "./api-v1";
import type { Permission } from "./permissions";

export interface AdminRoute {
  /** The route as the app directory spells it, dynamic segments included. */
  path: string;
  permission: Permission;
  /** Shown in the main navigation under this label. */
  nav?: string;
}

/** Every page of the admin area and the permission it needs. */
export const ADMIN_ROUTES = [
  { path: "/admin/users", permission: "users:read", nav: "Users" },
  { path: "/admin/users/new", permission: "users:write" },
  { path: "/admin/users/[userId]", permission: "users:read" },
  { path: "/admin/groups", permission: "groups:read", nav: "Groups" },
  { path: "/admin/groups/new", permission: "groups:write" },
  { path: "/admin/groups/[groupId]", permission: "groups:read" },
  { path: "/admin/roles", permission: "roles:read", nav: "Roles" },
  { path: "/admin/roles/[roleId]", permission: "roles:read" },
  { path: "/admin/applications", permission: "roles:read", nav: "Applications" },
  { path: "/admin/applications/[applicationId]", permission: "roles:read" },
  { path: "/admin/identity-providers", permission: "providers:read", nav: "Identity providers" },
  { path: "/admin/identity-providers/new", permission: "providers:write" },
  { path: "/admin/identity-providers/[providerId]", permission: "providers:read" },
  { path: "/admin/stages", permission: "stages:read", nav: "Stages" },
  { path: "/admin/audit", permission: "audit:read", nav: "Audit log" },
  { path: "/admin/api-tokens", permission: "tokens:read", nav: "API tokens" },
  { path: "/admin/api-reference", permission: "tokens:read", nav: "API reference" },
] as const satisfies readonly AdminRoute[];

export type AdminRoutePath = (typeof ADMIN_ROUTES)[number]["path"] | "/admin";

/** Reading any of these lets a user into the admin area (its dashboard and layout). */
export const ADMIN_AREA_PERMISSIONS: readonly Permission[] = [
  ...new Set(ADMIN_ROUTES.filter((route) => "nav" in route).map((route) => route.permission)),
];

export function mayEnterAdminArea(permissions: ReadonlySet<Permission>): boolean {
  return ADMIN_AREA_PERMISSIONS.some((permission) => permissions.has(permission));
}

export function mayOpen(path: AdminRoutePath, permissions: ReadonlySet<Permission>): boolean {
  if (path === "/admin") return mayEnterAdminArea(permissions);
  const route = ADMIN_ROUTES.find((entry) => entry.path === path);
  return route !== undefined && permissions.has(route.permission);
}

/**
 * What each server action requires: a permission, any signed-in user ("signed-in"),
 * or nobody ("public": signing in and out). Keyed by the exported name, which is
 * unique across the app; an action missing here fails the unit test and the matrix.
 */
export type ActionAccess = Permission | "signed-in" | "public";

export const ACTION_ACCESS = {
  // sign-in and My access
  signInAction: "public",
  signInWithProviderAction: "public",
  signOutAction: "public",
  changePasswordAction: "signed-in",
  // users
  createUserAction: "users:write",
  updateUserAction: "users:write",
  setUserStatusAction: "users:write",
  setPasswordAction: "users:write",
  signOutEverywhereAction: "users:write",
  previewDeleteUserAction: "users:write",
  deleteUserAction: "users:write",
  addToGroupsAction: "members:write",
  previewRemoveFromGroupAction: "members:write",
  removeFromGroupAction: "members:write",
  grantRolesAction: "grants:write",
  removeGrantAction: "grants:write",
  linkIdentityAction: "users:write",
  unlinkIdentityAction: "users:write",
  // groups
  createGroupAction: "groups:write",
  updateGroupAction: "groups:write",
  previewDeleteGroupAction: "groups:write",
  deleteGroupAction: "groups:write",
  addRolesToGroupAction: "grants:write",
  previewRemoveRoleAction: "grants:write",
  removeRoleFromGroupAction: "grants:write",
  addMembersAction: "members:write",
  addMembersByLoginAction: "members:write",
  previewRemoveMembersAction: "members:write",
  removeMembersAction: "members:write",
  // roles and applications
  createRoleAction: "roles:write",
  updateRoleAction: "roles:write",
  previewDeleteRoleAction: "roles:write",
  deleteRoleAction: "roles:write",
  createApplicationAction: "roles:write",
  updateApplicationAction: "roles:write",
  previewDeleteApplicationAction: "roles:write",
  deleteApplicationAction: "roles:write",
  // sign-in clients of an application, managed with the application
  createClientAction: "roles:write",
  updateClientAction: "roles:write",
  regenerateClientSecretAction: "roles:write",
  deleteClientAction: "roles:write",
  // the OpenID Connect provider's signing keys: federation settings, like identity providers
  rotateSigningKeyAction: "providers:write",
  // identity providers
  createProviderAction: "providers:write",
  updateProviderAction: "providers:write",
  deleteProviderAction: "providers:write",
  addMappingAction: "providers:write",
  removeMappingAction: "providers:write",
  // stages
  createStageAction: "stages:write",
  updateStageAction: "stages:write",
  moveStageAction: "stages:write",
  deleteStageAction: "stages:write",
  // API tokens
  createTokenAction: "tokens:write",
  revokeTokenAction: "tokens:write",
} as const satisfies Record<string, ActionAccess>;

export type ActionName = keyof typeof ACTION_ACCESS;

/** May this actor (signed in or not, with these permissions) call an action with this access? */
export function mayCall(access: ActionAccess, signedIn: boolean, permissions: ReadonlySet<Permission>): boolean {
  if (access === "public") return true;
  if (!signedIn) return false;
  return access === "signed-in" || permissions.has(access);
}

/**
 * The JSON API's route handlers and who may call them; the authorization matrix fails
 * on a route handler missing here. "public" handlers answer everyone (Auth.js itself, and the
 * load balancer's liveness and readiness probes, which say nothing about any user).
 */
export type ApiRouteAccess = ActionAccess | "api-token";

/**
 * "api-token": the REST API (/api/v1) answers API tokens only (`Authorization: Bearer`), never a
 * session cookie, so that a page's session cannot be ridden into it (no CSRF); each operation's
 * permission is in lib/access/api-v1.ts.
 */
const API_V1_ROUTE_ACCESS = Object.fromEntries(
  [...apiV1Routes()].map(([route, operations]) => [
    route,
    operations.every((operation) => operation.permission === "public") ? "public" : "api-token",
  ]),
) as Record<string, ApiRouteAccess>;

export const API_ROUTE_ACCESS: Readonly<Record<string, ApiRouteAccess>> = {
  "/api/auth/[...nextauth]": "public",
  "/api/health": "public",
  "/api/health/ready": "public",
  "/api/me": "signed-in",
  "/api/me/groups": "signed-in",
  "/api/me/roles": "signed-in",
  // The pickers' searches: GET, so they run in parallel and cache (server actions run one at a time).
  "/api/search/users": "users:read",
  "/api/search/groups": "groups:read",
  "/api/search/roles": "roles:read",
  "/api/search/applications": "roles:read",
  ...API_V1_ROUTE_ACCESS,
};

/** HTTP methods of the SCIM server (RFC 7644 3.2). */
export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/**
 * Who may call a SCIM route with a method: "token" is any valid API token; a list means any one of
 * these (a group PATCH needs members:write for member operations, groups:write for the rest: the
 * DAL checks the exact one). SCIM authenticates with API tokens only, never a session cookie.
 */
export type ScimAccess = Permission | "token" | readonly Permission[];

/** The SCIM 2.0 server's route handlers (app/scim/v2); the catalogue test fails on one missing here. */
export const SCIM_ROUTE_ACCESS = {
  "/scim/v2/ServiceProviderConfig": { GET: "token" },
  "/scim/v2/ResourceTypes": { GET: "token" },
  "/scim/v2/ResourceTypes/[id]": { GET: "token" },
  "/scim/v2/Schemas": { GET: "token" },
  "/scim/v2/Schemas/[id]": { GET: "token" },
  "/scim/v2/Users": { GET: "users:read", POST: "users:write" },
  // RFC 7644 3.4.3: a query in a POST body reads like the GET of its resource type.
  "/scim/v2/Users/.search": { POST: "users:read" },
  "/scim/v2/Users/[id]": { GET: "users:read", PUT: "users:write", PATCH: "users:write", DELETE: "users:write" },
  "/scim/v2/Groups": { GET: "groups:read", POST: "groups:write" },
  "/scim/v2/Groups/.search": { POST: "groups:read" },
  // A search at the root answers the resource types the token may read (users, groups, or both).
  "/scim/v2/.search": { POST: ["users:read", "groups:read"] },
  "/scim/v2/Groups/[id]": {
    GET: "groups:read",
    PUT: "groups:write",
    PATCH: ["members:write", "groups:write"],
    DELETE: "groups:write",
  },
  // Any other path under /scim/v2: a SCIM 404 (or 501 for Bulk and Me), for a valid token.
  "/scim/v2/[...path]": { GET: "token", POST: "token", PUT: "token", PATCH: "token", DELETE: "token" },
} as const satisfies Record<string, Partial<Record<ScimMethod, ScimAccess>>>;
export type ScimRoutePath = keyof typeof SCIM_ROUTE_ACCESS;

/** May an API token with these permissions call a SCIM route with this access? */
export function mayCallScim(access: ScimAccess, permissions: ReadonlySet<Permission>): boolean {
  if (access === "token") return true;
  const anyOf: readonly Permission[] = typeof access === "string" ? [access] : access;
  return anyOf.some((permission) => permissions.has(permission));
}

/** Pages outside the admin area: the sign-in page and home answer everyone, My access needs a session. */
export const OTHER_PAGE_ACCESS: Readonly<Record<string, ActionAccess>> = {
  "/": "public",
  "/sign-in": "public",
  // OpenID Connect sign-in for an application: consent, a refusal explained, a protocol error explained.
  "/sign-in/consent/[uid]": "public",
  "/sign-in/refused": "public",
  "/sign-in/problem": "public",
  "/me": "signed-in",
  "/_not-found": "public",
  "/_global-error": "public",
};

/**
 * Route handlers outside /api that speak a protocol to other systems. Public by design: the
 * OpenID Connect provider's endpoints (discovery, JWKS, authorization, token, userinfo, logout)
 * authenticate clients and users themselves, as the protocol defines (client secrets, PKCE,
 * the Gatehouse session, bearer tokens).
 */
export const PROTOCOL_ROUTE_ACCESS: Readonly<Record<string, ActionAccess>> = {
  "/oidc/[...path]": "public",
};
