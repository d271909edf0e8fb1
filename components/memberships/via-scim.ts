/** The SCIM source of a membership as the group and user pages show it: "via SCIM (ci-sync)". */
export function viaScimLabel(tokenName: string | null): string | null {
  if (tokenName === null) return null;
  return tokenName ? `via SCIM (${tokenName})` : "via SCIM";
}
