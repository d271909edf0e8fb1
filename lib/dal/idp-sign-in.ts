import "server-only";
import { planIdpSync, readGroupsClaim, type IdpSyncPlan } from "@/lib/access/idp-sync";
import { isAllowedIssuer } from "@/lib/access/issuer";
import { idTokenProblem, verifyIdToken } from "@/lib/auth/id-token";
import { recordAudit, type AuditActor } from "./audit";
import { db, type Tx } from "./db";
import { isUniqueViolation } from "./errors";
import { IdpSignInError } from "./idp-sign-in-error";
import { findOrProvision } from "./idp-provision";
import { decryptSecret } from "./secrets";
import { LastAdministratorError, anyHoldsAdmin, lockAdminRemoval, systemAccessWrite, type Locks } from "./write";

export { IdpSignInError, type IdpSignInFailure } from "./idp-sign-in-error";

export interface IdpConfig {
  id: string;
  key: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

/** Enabled providers with their decrypted secrets, for the Auth.js configuration only. */
export async function providersForAuth(): Promise<IdpConfig[]> {
  const rows = await db.identityProvider.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  return rows.flatMap((row) => {
    const clientSecret = decryptSecret(row.clientSecret);
    if (clientSecret === null) {
      console.error(
        `Identity provider ${row.key}: its client secret was stored under another AUTH_SECRET; enter it again.`,
      );
      return [];
    }
    return [
      {
        id: row.id,
        key: row.key,
        name: row.name,
        issuer: row.issuer,
        clientId: row.clientId,
        clientSecret,
        scopes: row.scopes,
      },
    ];
  });
}

/** The sign-in page's buttons: public information only. */
export async function signInButtons(): Promise<{ key: string; name: string }[]> {
  return db.identityProvider.findMany({
    where: { enabled: true },
    orderBy: { name: "asc" },
    select: { key: true, name: true },
  });
}

/**
 * The sign-in entry point: the raw ID token from the provider's token endpoint is verified
 * (signature against the provider's JWKS, issuer, audience, lifetime) before anything is read
 * from it or written. Only a verified token's claims reach `signInWithIdp`.
 */
export async function signInWithIdToken(
  providerKey: string,
  idToken: unknown,
): Promise<{ userId: string; sessionVersion: number }> {
  const provider = await enabledProvider(providerKey);
  if (!isAllowedIssuer(provider.issuer)) {
    throw new IdpSignInError(
      "insecure_issuer",
      `${provider.name}'s issuer URL ${provider.issuer} is not https://; an administrator has to correct it.`,
    );
  }
  if (typeof idToken !== "string" || idToken === "") {
    throw new IdpSignInError("claim_missing", `${provider.name} sent no ID token.`, "id_token");
  }
  let claims: Record<string, unknown>;
  try {
    claims = await verifyIdToken(provider, idToken);
  } catch (error) {
    const problem = idTokenProblem(error);
    if (problem) throw new IdpSignInError("token_invalid", `${provider.name}'s ID token was refused: ${problem}.`);
    throw new IdpSignInError(
      "unreachable",
      `Could not read ${provider.name}'s signing keys: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return signInWithIdp(providerKey, claims);
}

async function enabledProvider(providerKey: string) {
  const provider = await db.identityProvider.findUnique({ where: { key: providerKey } });
  if (!provider?.enabled) throw new IdpSignInError("unknown_provider", "This identity provider is not enabled.");
  return provider;
}

/**
 * A user signs in through an identity provider (claims of an ID token already verified by
 * `signInWithIdToken`): found by issuer + subject (never by email
 * alone), provisioned on first sign-in, name and email refreshed, and their mapped
 * memberships synchronised from the groups claim, all in one audited transaction.
 */
export async function signInWithIdp(
  providerKey: string,
  claims: Record<string, unknown>,
): Promise<{ userId: string; sessionVersion: number }> {
  const provider = await enabledProvider(providerKey);
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!subject) throw new IdpSignInError("claim_missing", `${provider.name} sent no subject (sub) claim.`, "sub");
  const assertedGroups = readGroupsClaim(claims, provider.groupsClaim);
  if (assertedGroups === null) {
    throw new IdpSignInError(
      "claim_missing",
      `${provider.name} did not send the "${provider.groupsClaim}" claim. Add it to the ID token in the provider, or change the claim name in Gatehouse.`,
      provider.groupsClaim,
    );
  }
  const cause: AuditActor = { id: null, username: `${provider.name} sign-in` };
  // A sign-in that changes no membership takes no lock (the usual case). One that does rolls
  // back, and runs again holding the locks of the user and of the groups it changes.
  let locks: Locks | undefined;
  let removesAdmin = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await systemAccessWrite(
        async (tx) => {
          // Before any row is written: the admin-removal lock is always the last lock taken.
          if (removesAdmin) await lockAdminRemoval(tx);
          const user = await findOrProvision(tx, provider, subject, claims, cause);
          const plan = await syncPlan(tx, provider.id, user.id, assertedGroups);
          const touched = [...plan.add, ...plan.attach, ...plan.detach, ...plan.remove];
          const covered = touched.every((g) => locks?.groups?.includes(g));
          if (!covered && attempt < 4) {
            throw new NeedsLocks({ users: [user.id], groups: touched }, await anyHoldsAdmin(tx, plan.remove));
          }
          // Unlocked groups (mappings changing under a burst of retries) could gain the admin role meanwhile.
          if (!covered || (await anyHoldsAdmin(tx, plan.remove))) await lockAdminRemoval(tx);
          await applyPlan(tx, provider, user, plan, assertedGroups, cause);
          const fresh = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
          return { userId: user.id, sessionVersion: fresh.sessionVersion };
        },
        { locks },
      );
    } catch (error) {
      if (error instanceof NeedsLocks) {
        locks = error.locks;
        removesAdmin = error.removesAdmin;
        continue;
      }
      // Two first sign-ins choosing the same free username at once: the loser picks again.
      if (isUniqueViolation(error) && attempt < 4) continue;
      if (error instanceof LastAdministratorError) {
        throw new IdpSignInError("last_admin", "This sign-in would remove the last administrator; it was refused.");
      }
      throw error;
    }
  }
}

class NeedsLocks extends Error {
  constructor(
    readonly locks: Locks,
    readonly removesAdmin: boolean,
  ) {
    super("The sign-in changes memberships: run it again under their locks.");
  }
}

async function syncPlan(tx: Tx, providerId: string, userId: string, assertedGroups: string[]) {
  const mappings = await tx.idpGroupMapping.findMany({
    where: { providerId },
    select: { value: true, groupId: true },
  });
  const current = await tx.membership.findMany({
    where: { userId, OR: [{ providerId }, { groupId: { in: mappings.map((m) => m.groupId) } }] },
    select: { groupId: true, manual: true, scim: true, providerId: true },
  });
  // A membership SCIM provisioned stays when the provider stops asserting it, as a hand-added one does.
  const kept = current.map((m) => ({ groupId: m.groupId, manual: m.manual || m.scim, providerId: m.providerId }));
  return planIdpSync(providerId, mappings, assertedGroups, kept);
}

async function applyPlan(
  tx: Tx,
  provider: { id: string; name: string },
  user: { id: string; username: string },
  plan: IdpSyncPlan,
  assertedGroups: string[],
  cause: AuditActor,
) {
  await tx.membership.createMany({
    data: plan.add.map((groupId) => ({ groupId, userId: user.id, manual: false, providerId: provider.id })),
  });
  await tx.membership.updateMany({
    where: { userId: user.id, groupId: { in: plan.attach } },
    data: { providerId: provider.id },
  });
  await tx.membership.updateMany({
    where: { userId: user.id, groupId: { in: plan.detach } },
    data: { providerId: null },
  });
  await tx.membership.deleteMany({ where: { userId: user.id, groupId: { in: plan.remove } } });
  const changed = [...plan.add, ...plan.remove, ...plan.attach, ...plan.detach];
  const found = await tx.group.findMany({
    where: { id: { in: changed } },
    select: { id: true, name: true, stage: { select: { id: true, name: true } } },
  });
  const names = new Map(found.map((g) => [g.id, g.name]));
  const stages = new Map(found.map((g) => [g.id, g.stage]));
  const claim = `groups claim: ${assertedGroups.join(", ") || "none"}`;
  const event = (groupId: string, action: SyncAction) => ({
    action,
    targetType: "group" as const,
    targetId: groupId,
    targetName: names.get(groupId) ?? groupId,
    relatedId: user.id,
    relatedName: user.username,
    stageId: stages.get(groupId)?.id,
    stageName: stages.get(groupId)?.name,
    summary: `${provider.name} sign-in ${SYNC_WORDING[action](user.username, names.get(groupId) ?? groupId)} (${claim})`,
  });
  await recordAudit(tx, cause, [
    ...plan.add.map((g) => event(g, "group.member_added")),
    ...plan.remove.map((g) => event(g, "group.member_removed")),
    ...plan.attach.map((g) => event(g, "group.member_provider_attached")),
    ...plan.detach.map((g) => event(g, "group.member_provider_detached")),
  ]);
}

type SyncAction =
  "group.member_added" | "group.member_removed" | "group.member_provider_attached" | "group.member_provider_detached";
const SYNC_WORDING: Record<SyncAction, (user: string, group: string) => string> = {
  "group.member_added": (user, group) => `added ${user} to group ${group}`,
  "group.member_removed": (user, group) => `removed ${user} from group ${group}`,
  "group.member_provider_attached": (user, group) =>
    `now also asserts ${user}'s membership of group ${group} (it was there already)`,
  "group.member_provider_detached": (user, group) =>
    `no longer asserts ${user}'s membership of group ${group}; it stays, added by hand`,
};
