import "server-only";
import { createHash } from "node:crypto";
import { planIdpSync, readGroupsClaim, type IdpSyncPlan } from "@/lib/access/idp-sync";
import { recordAudit, type AuditActor } from "./audit";
import { db, type Tx } from "./db";
import { decryptSecret } from "./secrets";
import { isUniqueViolation } from "./errors";
import {
  LastAdministratorError,
  anyHoldsAdmin,
  bumpAccessVersion,
  lockAdminRemoval,
  systemAccessWrite,
  type Locks,
} from "./write";

/** Why a sign-in through an identity provider was refused; the sign-in page explains each. */
export type IdpSignInFailure = "unknown_provider" | "claim_missing" | "disabled" | "email_taken" | "last_admin";
export class IdpSignInError extends Error {
  constructor(
    readonly reason: IdpSignInFailure,
    message: string,
  ) {
    super(message);
  }
}

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
 * A user signs in through an identity provider: found by issuer + subject (never by email
 * alone), provisioned on first sign-in, name and email refreshed, and their mapped
 * memberships synchronised from the groups claim, all in one audited transaction.
 */
export async function signInWithIdp(
  providerKey: string,
  claims: Record<string, unknown>,
): Promise<{ userId: string; sessionVersion: number }> {
  const provider = await db.identityProvider.findUnique({ where: { key: providerKey } });
  if (!provider?.enabled) throw new IdpSignInError("unknown_provider", "This identity provider is not enabled.");
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!subject) throw new IdpSignInError("claim_missing", `${provider.name} sent no subject (sub) claim.`);
  const assertedGroups = readGroupsClaim(claims, provider.groupsClaim);
  if (assertedGroups === null) {
    throw new IdpSignInError(
      "claim_missing",
      `${provider.name} did not send the "${provider.groupsClaim}" claim. Add it to the ID token in the provider, or change the claim name in Gatehouse.`,
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
    select: { groupId: true, manual: true, providerId: true },
  });
  return planIdpSync(providerId, mappings, assertedGroups, current);
}

async function applyPlan(
  tx: Tx,
  provider: Provider,
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
  if (plan.add.length || plan.remove.length) await bumpAccessVersion(tx, [user.id]);
  const names = new Map(
    (
      await tx.group.findMany({
        where: { id: { in: [...plan.add, ...plan.remove] } },
        select: { id: true, name: true },
      })
    ).map((g) => [g.id, g.name]),
  );
  const event = (groupId: string, added: boolean) => ({
    action: added ? ("group.member_added" as const) : ("group.member_removed" as const),
    targetType: "group" as const,
    targetId: groupId,
    targetName: names.get(groupId) ?? groupId,
    relatedId: user.id,
    relatedName: user.username,
    summary: `${provider.name} sign-in ${added ? "added" : "removed"} ${user.username} ${added ? "to" : "from"} group ${names.get(groupId)} (groups claim: ${assertedGroups.join(", ") || "none"})`,
  });
  await recordAudit(tx, cause, [...plan.add.map((g) => event(g, true)), ...plan.remove.map((g) => event(g, false))]);
}

type Provider = { id: string; key: string; name: string };

async function findOrProvision(
  tx: Tx,
  provider: Provider,
  subject: string,
  claims: Record<string, unknown>,
  cause: AuditActor,
) {
  // An address the provider has not verified could be someone else's: never take it.
  const email =
    typeof claims.email === "string" && claims.email_verified !== false ? claims.email.trim().toLowerCase() : null;
  const displayName = [claims.name, claims.preferred_username, email, subject]
    .find((v): v is string => typeof v === "string" && v.trim() !== "")!
    .trim()
    .slice(0, 80);
  const identity = await tx.externalIdentity.findUnique({
    where: { providerId_subject: { providerId: provider.id, subject } },
    select: { user: { select: { id: true, username: true, email: true, displayName: true, status: true } } },
  });
  if (identity) {
    const user = identity.user;
    if (user.status !== "ACTIVE") throw new IdpSignInError("disabled", "This account is disabled.");
    const emailFree =
      email && email !== user.email && !(await tx.user.findUnique({ where: { email }, select: { id: true } }));
    if (displayName !== user.displayName || emailFree) {
      await tx.user.update({ where: { id: user.id }, data: { displayName, ...(emailFree ? { email } : {}) } });
    }
    await tx.externalIdentity.update({
      where: { providerId_subject: { providerId: provider.id, subject } },
      data: { lastSignInAt: new Date() },
    });
    return user;
  }
  const address =
    email ??
    `${createHash("sha256").update(subject).digest("base64url").slice(0, 22).toLowerCase()}@${provider.key}.idp.invalid`;
  if (await tx.user.findUnique({ where: { email: address }, select: { id: true } })) {
    throw new IdpSignInError(
      "email_taken",
      `A Gatehouse account with the email ${address} already exists. An administrator has to link it; accounts are never matched by email alone.`,
    );
  }
  const username = await freeUsername(tx, [
    claims.preferred_username,
    email?.split("@")[0],
    `${provider.key}-${subject}`,
  ]);
  const user = await tx.user.create({
    data: { username, email: address, displayName, identities: { create: { providerId: provider.id, subject } } },
    select: { id: true, username: true },
  });
  await recordAudit(tx, cause, {
    action: "user.provisioned",
    targetType: "user",
    targetId: user.id,
    targetName: user.username,
    relatedId: provider.id,
    relatedName: provider.name,
    summary: `${provider.name} sign-in provisioned user ${user.username} (${address})`,
  });
  return user;
}

async function freeUsername(tx: Tx, candidates: unknown[]): Promise<string> {
  const base =
    candidates
      .filter((c): c is string => typeof c === "string")
      .map((c) =>
        c
          .toLowerCase()
          .replace(/[^a-z0-9._-]+/g, "-")
          .replace(/^[^a-z0-9]+/, "")
          .slice(0, 56),
      )
      .find((c) => c.length >= 2) ?? "user";
  // One query: the smallest n whose name (base, base-2, base-3, …) is free. At most `taken`
  // of the first `taken + 1` candidates can be in use, so the series always holds a free one.
  const [row] = await tx.$queryRaw<{ username: string }[]>`
    WITH taken AS (
      SELECT "username" FROM "User"
      WHERE "username" = ${base} OR left("username", ${base.length + 1}) = ${`${base}-`}
    )
    SELECT CASE WHEN n = 1 THEN ${base} ELSE ${base} || '-' || n END AS "username"
    FROM generate_series(1, (SELECT count(*) FROM taken) + 1) AS n
    WHERE (CASE WHEN n = 1 THEN ${base} ELSE ${base} || '-' || n END) NOT IN (SELECT "username" FROM taken)
    ORDER BY n LIMIT 1`;
  return row!.username;
}
