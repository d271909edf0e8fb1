/** Where the OpenID Connect provider is mounted (app/oidc/[...path]/route.ts). */
export const MOUNT = "/oidc";
