/**
 * The permission catalogue: what a portal role lets its holder do in Gatehouse.
 * Portal roles are ordinary roles of the built-in `gatehouse` application; a
 * narrower portal role (say `gatehouse:group-manager`) is one more entry in
 * PORTAL_ROLE_PERMISSIONS plus that role in the database.
 */
export const PERMISSIONS = [
  "users:read",
  "users:write",
  "groups:read",
  "groups:write",
  "members:write",
  "roles:read",
  "roles:write",
  "grants:write",
  "audit:read",
  "providers:read",
  "providers:write",
  "stages:read",
  "stages:write",
  "tokens:read",
  "tokens:write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const PORTAL_APP_KEY = "gatehouse";
export const ADMIN_ROLE_KEY = "admin";
export const ADMIN_ROLE = `${PORTAL_APP_KEY}:${ADMIN_ROLE_KEY}`;

export const PORTAL_ROLE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  [ADMIN_ROLE_KEY]: PERMISSIONS,
  auditor: ["users:read", "groups:read", "roles:read", "audit:read", "providers:read", "stages:read", "tokens:read"],
};

/**
 * What an API token may carry: every permission but managing tokens, so that a leaked token can
 * never mint itself successors or hide its tracks by revoking others.
 */
export const TOKEN_PERMISSIONS = PERMISSIONS.filter((permission) => !permission.startsWith("tokens:"));

/** What each permission lets a token do, in the words of the "API tokens" screen. */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  "users:read": "Read users",
  "users:write": "Create, change and delete users",
  "groups:read": "Read groups",
  "groups:write": "Create, change and delete groups",
  "members:write": "Add and remove group members",
  "roles:read": "Read applications and roles",
  "roles:write": "Create, change and delete applications and roles",
  "grants:write": "Grant and remove roles (group roles, direct grants)",
  "audit:read": "Read the audit log",
  "providers:read": "Read identity providers",
  "providers:write": "Change identity providers",
  "stages:read": "Read stages",
  "stages:write": "Create, change and delete stages",
  "tokens:read": "See API tokens",
  "tokens:write": "Create and revoke API tokens",
};

/** Permissions granted by a set of effective role keys (`application:role`). */
export function permissionsFor(roleKeys: Iterable<string>): Set<Permission> {
  const granted = new Set<Permission>();
  for (const key of roleKeys) {
    const [app, role] = key.split(":", 2);
    if (app !== PORTAL_APP_KEY || !role) continue;
    for (const permission of PORTAL_ROLE_PERMISSIONS[role] ?? []) granted.add(permission);
  }
  return granted;
}
