import "server-only";
import { createHash } from "node:crypto";
import { recordAudit, type AuditActor } from "./audit";
import type { Tx } from "./db";
import { IdpSignInError } from "./idp-sign-in-error";

type Provider = { id: string; key: string; name: string; linkByVerifiedEmail: boolean };
const USER = { id: true, username: true, email: true, displayName: true, status: true } as const;
type SignInUser = { id: string; username: string; email: string; displayName: string; status: string };

/** Name and (verified, unused) email from the provider, each change audited with before and after. */
async function refreshProfile(
  tx: Tx,
  provider: Provider,
  cause: AuditActor,
  user: SignInUser,
  asserted: { displayName: string; email: string | null },
) {
  if (user.status !== "ACTIVE") throw new IdpSignInError("disabled", "This account is disabled.");
  const { displayName, email } = asserted;
  const emailFree =
    email && email !== user.email && !(await tx.user.findUnique({ where: { email }, select: { id: true } }));
  if (displayName === user.displayName && !emailFree) return;
  const before = { displayName: user.displayName, ...(emailFree ? { email: user.email } : {}) };
  const after = { displayName, ...(emailFree ? { email } : {}) };
  await tx.user.update({ where: { id: user.id }, data: after });
  const changes = Object.keys(after).map((field) => (field === "email" ? "email" : "name"));
  await recordAudit(tx, cause, {
    action: "user.profile_synced",
    targetType: "user",
    targetId: user.id,
    targetName: user.username,
    relatedId: provider.id,
    relatedName: provider.name,
    summary: `${provider.name} sign-in updated the ${changes.join(" and ")} of user ${user.username}`,
    before,
    after,
  });
}

/** The user of this provider identity: found, linked by verified email (if allowed), or provisioned. */
export async function findOrProvision(
  tx: Tx,
  provider: Provider,
  subject: string,
  claims: Record<string, unknown>,
  cause: AuditActor,
) {
  // An address the provider has not verified could be someone else's: never take it. A missing
  // email_verified counts as not verified (some providers send it as the string "true").
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const email = typeof claims.email === "string" && verified ? claims.email.trim().toLowerCase() : null;
  const displayName = [claims.name, claims.preferred_username, email, subject]
    .find((v): v is string => typeof v === "string" && v.trim() !== "")!
    .trim()
    .slice(0, 80);
  const identity = await tx.externalIdentity.findUnique({
    where: { providerId_subject: { providerId: provider.id, subject } },
    select: { user: { select: USER } },
  });
  if (identity) {
    await refreshProfile(tx, provider, cause, identity.user, { displayName, email });
    await tx.externalIdentity.update({
      where: { providerId_subject: { providerId: provider.id, subject } },
      data: { lastSignInAt: new Date() },
    });
    return identity.user;
  }
  const address =
    email ??
    `${createHash("sha256").update(subject).digest("base64url").slice(0, 22).toLowerCase()}@${provider.key}.idp.invalid`;
  const holder = await tx.user.findUnique({ where: { email: address }, select: USER });
  if (holder) {
    // Only a verified address, only where the administrator allowed it, and never a user who
    // already has another identity at this provider.
    const linkable =
      email !== null &&
      provider.linkByVerifiedEmail &&
      !(await tx.externalIdentity.findFirst({ where: { userId: holder.id, providerId: provider.id } }));
    if (!linkable) {
      throw new IdpSignInError(
        "email_taken",
        `A Gatehouse account with the email ${address} already exists. An administrator has to link it; accounts are never matched by email alone.`,
      );
    }
    if (holder.status !== "ACTIVE") throw new IdpSignInError("disabled", "This account is disabled.");
    await tx.externalIdentity.create({ data: { providerId: provider.id, subject, userId: holder.id } });
    await recordAudit(tx, cause, {
      action: "user.identity_linked",
      targetType: "user",
      targetId: holder.id,
      targetName: holder.username,
      relatedId: provider.id,
      relatedName: provider.name,
      summary: `${provider.name} sign-in linked user ${holder.username} to ${provider.name} identity ${subject} by verified email ${email}`,
      after: { provider: provider.name, subject, byVerifiedEmail: email },
    });
    await refreshProfile(tx, provider, cause, holder, { displayName, email });
    return holder;
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
