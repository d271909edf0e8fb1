/**
 * The REST API's operations (/api/v1) and the permission each needs, as one table: the route
 * handlers, the OpenAPI document, the catalogue test and the authorization matrix all derive from
 * it. A token calls an operation exactly when it carries the permission (and its creator still
 * holds it); `public` needs no token.
 */
import type { Permission } from "./permissions";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface ApiOperation {
  id: string;
  method: HttpMethod;
  /** OpenAPI path template, `{param}` for path parameters. */
  path: string;
  permission: Permission | "public";
  /** PATCH answers the updated resource, so it also needs the read permission. */
  alsoNeeds?: Permission;
  tag: "Users" | "Groups" | "Members" | "Roles" | "Applications" | "Audit" | "Meta";
  summary: string;
}

export const API_V1_OPERATIONS = [
  {
    id: "listUsers",
    method: "GET",
    path: "/api/v1/users",
    permission: "users:read",
    tag: "Users",
    summary: "List users (cursor-paged, searchable)",
  },
  {
    id: "createUser",
    method: "POST",
    path: "/api/v1/users",
    permission: "users:write",
    tag: "Users",
    summary: "Create a user (with groups: also members:write)",
  },
  {
    id: "getUser",
    method: "GET",
    path: "/api/v1/users/{userId}",
    permission: "users:read",
    tag: "Users",
    summary: "Get a user",
  },
  {
    id: "updateUser",
    method: "PATCH",
    path: "/api/v1/users/{userId}",
    permission: "users:write",
    alsoNeeds: "users:read",
    tag: "Users",
    summary: "Update a user's profile or status",
  },
  {
    id: "deleteUser",
    method: "DELETE",
    path: "/api/v1/users/{userId}",
    permission: "users:write",
    tag: "Users",
    summary: "Delete a user with their memberships and grants",
  },
  {
    id: "getUserAccess",
    method: "GET",
    path: "/api/v1/users/{userId}/access",
    permission: "users:read",
    tag: "Users",
    summary: "A user's groups and effective roles, with sources",
  },
  {
    id: "addDirectGrants",
    method: "POST",
    path: "/api/v1/users/{userId}/grants",
    permission: "grants:write",
    tag: "Roles",
    summary: "Grant roles to a user directly",
  },
  {
    id: "removeDirectGrant",
    method: "DELETE",
    path: "/api/v1/users/{userId}/grants/{roleId}",
    permission: "grants:write",
    tag: "Roles",
    summary: "Remove a direct grant",
  },
  {
    id: "listGroups",
    method: "GET",
    path: "/api/v1/groups",
    permission: "groups:read",
    tag: "Groups",
    summary: "List groups (cursor-paged, searchable)",
  },
  {
    id: "createGroup",
    method: "POST",
    path: "/api/v1/groups",
    permission: "groups:write",
    tag: "Groups",
    summary: "Create a group (with roles: also grants:write; with members: members:write)",
  },
  {
    id: "getGroup",
    method: "GET",
    path: "/api/v1/groups/{groupId}",
    permission: "groups:read",
    tag: "Groups",
    summary: "Get a group with its roles",
  },
  {
    id: "updateGroup",
    method: "PATCH",
    path: "/api/v1/groups/{groupId}",
    permission: "groups:write",
    alsoNeeds: "groups:read",
    tag: "Groups",
    summary: "Rename a group or change its description",
  },
  {
    id: "deleteGroup",
    method: "DELETE",
    path: "/api/v1/groups/{groupId}",
    permission: "groups:write",
    tag: "Groups",
    summary: "Delete a group",
  },
  {
    id: "listMembers",
    method: "GET",
    path: "/api/v1/groups/{groupId}/members",
    permission: "groups:read",
    tag: "Members",
    summary: "List a group's members (cursor-paged)",
  },
  {
    id: "addMembers",
    method: "POST",
    path: "/api/v1/groups/{groupId}/members",
    permission: "members:write",
    tag: "Members",
    summary: "Add members (up to 10,000 at once)",
  },
  {
    id: "removeMembers",
    method: "POST",
    path: "/api/v1/groups/{groupId}/members/remove",
    permission: "members:write",
    tag: "Members",
    summary: "Remove members (up to 10,000 at once)",
  },
  {
    id: "addGroupRoles",
    method: "POST",
    path: "/api/v1/groups/{groupId}/roles",
    permission: "grants:write",
    tag: "Groups",
    summary: "Assign roles to a group",
  },
  {
    id: "removeGroupRole",
    method: "DELETE",
    path: "/api/v1/groups/{groupId}/roles/{roleId}",
    permission: "grants:write",
    tag: "Groups",
    summary: "Remove a role from a group",
  },
  {
    id: "listApplications",
    method: "GET",
    path: "/api/v1/applications",
    permission: "roles:read",
    tag: "Applications",
    summary: "List applications",
  },
  {
    id: "createApplication",
    method: "POST",
    path: "/api/v1/applications",
    permission: "roles:write",
    tag: "Applications",
    summary: "Create an application",
  },
  {
    id: "getApplication",
    method: "GET",
    path: "/api/v1/applications/{applicationId}",
    permission: "roles:read",
    tag: "Applications",
    summary: "Get an application",
  },
  {
    id: "updateApplication",
    method: "PATCH",
    path: "/api/v1/applications/{applicationId}",
    permission: "roles:write",
    alsoNeeds: "roles:read",
    tag: "Applications",
    summary: "Update an application",
  },
  {
    id: "deleteApplication",
    method: "DELETE",
    path: "/api/v1/applications/{applicationId}",
    permission: "roles:write",
    tag: "Applications",
    summary: "Delete an application with its roles",
  },
  {
    id: "listRoles",
    method: "GET",
    path: "/api/v1/roles",
    permission: "roles:read",
    tag: "Roles",
    summary: "List roles (optionally of one application)",
  },
  {
    id: "createRole",
    method: "POST",
    path: "/api/v1/roles",
    permission: "roles:write",
    tag: "Roles",
    summary: "Create a role",
  },
  {
    id: "getRole",
    method: "GET",
    path: "/api/v1/roles/{roleId}",
    permission: "roles:read",
    tag: "Roles",
    summary: "Get a role",
  },
  {
    id: "updateRole",
    method: "PATCH",
    path: "/api/v1/roles/{roleId}",
    permission: "roles:write",
    alsoNeeds: "roles:read",
    tag: "Roles",
    summary: "Update a role",
  },
  {
    id: "deleteRole",
    method: "DELETE",
    path: "/api/v1/roles/{roleId}",
    permission: "roles:write",
    tag: "Roles",
    summary: "Delete a role",
  },
  {
    id: "listAuditEvents",
    method: "GET",
    path: "/api/v1/audit-events",
    permission: "audit:read",
    tag: "Audit",
    summary: "Read the audit log, newest first",
  },
  {
    id: "getOpenApiDocument",
    method: "GET",
    path: "/api/v1/openapi.json",
    permission: "public",
    tag: "Meta",
    summary: "This API's OpenAPI 3.1 document",
  },
] as const satisfies readonly ApiOperation[];

export type ApiOperationId = (typeof API_V1_OPERATIONS)[number]["id"];

/** "/api/v1/users/{userId}" → "/api/v1/users/[userId]", the route as the app directory spells it. */
export function routeOf(path: string): string {
  return path.replace(/\{(\w+)\}/g, "[$1]");
}

/** Every route of the REST API with the operations it serves. */
export function apiV1Routes(): Map<string, ApiOperation[]> {
  const routes = new Map<string, ApiOperation[]>();
  for (const operation of API_V1_OPERATIONS) {
    const route = routeOf(operation.path);
    routes.set(route, [...(routes.get(route) ?? []), operation]);
  }
  return routes;
}
