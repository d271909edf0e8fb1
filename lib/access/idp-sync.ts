/**
 * Rules for synchronising a user's memberships from an identity provider's groups claim.
 * A membership has two independent sources: added by hand (`manual`) and asserted by a
 * provider (`providerId`). The sync only ever adds or clears its own provider's source:
 * a membership added by hand is never removed by it.
 */
export interface IdpMapping {
  value: string;
  groupId: string;
}
export interface CurrentMembership {
  groupId: string;
  manual: boolean;
  providerId: string | null;
}
export interface IdpSyncPlan {
  /** New memberships, from this provider only. */
  add: string[];
  /** Existing memberships (added by hand, or by another provider) that this provider now asserts too. */
  attach: string[];
  /** Memberships that keep their manual source but lose this provider's. */
  detach: string[];
  /** Memberships whose only source was this provider. */
  remove: string[];
}

export function planIdpSync(
  providerId: string,
  mappings: readonly IdpMapping[],
  assertedValues: readonly string[],
  current: readonly CurrentMembership[],
): IdpSyncPlan {
  const asserted = new Set(assertedValues);
  const target = new Set(mappings.filter((m) => asserted.has(m.value)).map((m) => m.groupId));
  const byGroup = new Map(current.map((m) => [m.groupId, m]));
  const plan: IdpSyncPlan = { add: [], attach: [], detach: [], remove: [] };
  for (const groupId of target) {
    const membership = byGroup.get(groupId);
    if (!membership) plan.add.push(groupId);
    else if (membership.providerId !== providerId) plan.attach.push(groupId);
  }
  for (const membership of current) {
    if (membership.providerId !== providerId || target.has(membership.groupId)) continue;
    (membership.manual ? plan.detach : plan.remove).push(membership.groupId);
  }
  return plan;
}

/** The groups claim as a list of strings; `null` when the claim is absent or not a list. */
export function readGroupsClaim(claims: Record<string, unknown>, claim: string): string[] | null {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return null;
}
