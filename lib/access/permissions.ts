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
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const PORTAL_APP_KEY = "gatehouse";
export const ADMIN_ROLE_KEY = "admin";
export const ADMIN_ROLE = `${PORTAL_APP_KEY}:${ADMIN_ROLE_KEY}`;

export const PORTAL_ROLE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  [ADMIN_ROLE_KEY]: PERMISSIONS,
  auditor: ["users:read", "groups:read", "roles:read", "audit:read", "providers:read", "stages:read"],
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
