import "server-only";
import { linkIdentitySchema } from "@/lib/schemas/users";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { parse } from "./parse";
import { accessWrite, anyHoldsAdmin, lockAdminRemoval } from "./write";

export interface LinkedIdentityDto {
  providerId: string;
  providerName: string;
  providerEnabled: boolean;
  subject: string;
  linkedAt: Date;
  lastSignInAt: Date;
}

/** A user's provider identities, and the providers one could be linked at (for the picker). */
export async function identitiesOfUser(
  actor: Actor,
  userId: string,
): Promise<{ identities: LinkedIdentityDto[]; providers: { id: string; name: string }[] }> {
  authorize(actor, "users:read");
  if (!isUuid(userId)) throw notFound("The user");
  // One round trip for both lists (the user's page reads this on every view).
  type Row = Omit<LinkedIdentityDto, "linkedAt" | "lastSignInAt"> & { linkedAt: string; lastSignInAt: string };
  const [row] = await db.$queryRaw<{ identities: Row[]; providers: { id: string; name: string }[] }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('providerId', p."id", 'providerName', p."name",
          'providerEnabled', p."enabled", 'subject', e."subject", 'linkedAt', e."createdAt",
          'lastSignInAt', e."lastSignInAt") ORDER BY p."name", e."subject"), '[]'::json)
        FROM "ExternalIdentity" e JOIN "IdentityProvider" p ON p."id" = e."providerId"
        WHERE e."userId" = ${userId}::uuid) AS "identities",
      (SELECT coalesce(json_agg(json_build_object('id', p."id", 'name', p."name") ORDER BY p."name", p."id"), '[]'::json)
        FROM "IdentityProvider" p) AS "providers"`;
  return {
    identities: (row?.identities ?? []).map((identity) => ({
      ...identity,
      linkedAt: new Date(identity.linkedAt),
      lastSignInAt: new Date(identity.lastSignInAt),
    })),
    providers: row?.providers ?? [],
  };
}

/**
 * Links an existing user to their account at a provider: their next sign-in through it finds
 * this user by issuer + subject (the way out of "an account with your email already exists").
 */
export async function linkIdentity(actor: Actor, userId: string, input: unknown): Promise<void> {
  authorize(actor, "users:write");
  const { providerId, subject } = parse(linkIdentitySchema, input);
  if (!isUuid(userId)) throw notFound("The user");
  await accessWrite(
    actor,
    "users:write",
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
      if (!user) throw notFound("The user");
      const provider = await tx.identityProvider.findUnique({ where: { id: providerId }, select: { name: true } });
      if (!provider) throw invalid("That identity provider no longer exists.", { providerId: "Choose it again." });
      const existing = await tx.externalIdentity.findUnique({
        where: { providerId_subject: { providerId, subject } },
        select: { user: { select: { id: true, username: true } } },
      });
      if (existing) {
        throw conflict(
          existing.user.id === userId
            ? `${user.username} is already linked to that ${provider.name} identity.`
            : `That ${provider.name} identity is already linked to ${existing.user.username}. Unlink it there first.`,
          "subject",
        );
      }
      const other = await tx.externalIdentity.findFirst({ where: { userId, providerId }, select: { subject: true } });
      if (other) {
        throw conflict(
          `${user.username} is already linked to ${provider.name} (subject ${other.subject}). Unlink that first.`,
          "providerId",
        );
      }
      await tx.externalIdentity.create({ data: { providerId, subject, userId } });
      await recordAudit(tx, actor, {
        action: "user.identity_linked",
        targetType: "user",
        targetId: userId,
        targetName: user.username,
        relatedId: providerId,
        relatedName: provider.name,
        summary: `${actor.username} linked ${user.username} to ${provider.name} identity ${subject}`,
        after: { provider: provider.name, subject },
      });
    },
    { locks: { users: [userId] } },
  );
}

/**
 * Unlinks a provider identity. The memberships that provider asserted for the user end with it
 * (no sign-in would ever refresh them again); memberships also added by hand stay. The groups
 * of those memberships are locked like any membership change, so that one added by hand, removed
 * or deleted meanwhile is not lost; a sign-in may assert a new one first: then it starts over.
 */
export async function unlinkIdentity(actor: Actor, userId: string, providerId: string, subject: string) {
  authorize(actor, "users:write");
  if (!isUuid(userId) || !isUuid(providerId) || typeof subject !== "string") throw notFound("The linked identity");
  for (let attempt = 1; attempt <= 3; attempt++) {
    const groups = await assertedGroups(db, userId, providerId);
    const result = await accessWrite(
      actor,
      "users:write",
      (tx) => unlinkLocked(tx, actor, { userId, providerId, subject, locked: groups }),
      { locks: { users: [userId], groups } },
    );
    if (result) return result;
  }
  throw conflict("This user's group memberships kept changing while unlinking the identity. Try again.");
}

async function assertedGroups(client: Tx, userId: string, providerId: string): Promise<string[]> {
  const rows = await client.membership.findMany({ where: { userId, providerId }, select: { groupId: true } });
  return rows.map((row) => row.groupId);
}

/** The unlink under its locks; null when the provider asserts a membership in a group not locked. */
async function unlinkLocked(
  tx: Tx,
  actor: Actor,
  { userId, providerId, subject, locked }: { userId: string; providerId: string; subject: string; locked: string[] },
) {
  const identity = await tx.externalIdentity.findFirst({
    where: { userId, providerId, subject },
    select: { user: { select: { username: true } }, provider: { select: { name: true } } },
  });
  if (!identity) throw notFound("The linked identity");
  const { username } = identity.user;
  const providerName = identity.provider.name;
  const asserted = await tx.membership.findMany({
    where: { userId, providerId },
    select: {
      groupId: true,
      manual: true,
      scim: true,
      group: { select: { name: true, stage: { select: { id: true, name: true } } } },
    },
  });
  if (asserted.some((m) => !locked.includes(m.groupId))) return null;
  // A membership also added by hand or provisioned through SCIM keeps that source.
  const removed = asserted.filter((m) => !m.manual && !m.scim);
  const detached = asserted.filter((m) => m.manual || m.scim);
  // Leaving a group that grants the Administrator role may remove an administrator (rule 8).
  if (
    await anyHoldsAdmin(
      tx,
      removed.map((m) => m.groupId),
    )
  )
    await lockAdminRemoval(tx);
  await tx.externalIdentity.delete({ where: { providerId_subject: { providerId, subject } } });
  await tx.membership.deleteMany({ where: { userId, groupId: { in: removed.map((m) => m.groupId) } } });
  await tx.membership.updateMany({
    where: { userId, groupId: { in: detached.map((m) => m.groupId) } },
    data: { providerId: null },
  });
  const membershipEvent = (m: (typeof asserted)[number]) => ({
    action: m.manual || m.scim ? ("group.member_provider_detached" as const) : ("group.member_removed" as const),
    targetType: "group" as const,
    targetId: m.groupId,
    targetName: m.group.name,
    relatedId: userId,
    relatedName: username,
    stageId: m.group.stage.id,
    stageName: m.group.stage.name,
    summary:
      m.manual || m.scim
        ? `${actor.username} unlinked ${username} from ${providerName}, which no longer asserts their membership of group ${m.group.name}; it stays, ${m.manual ? "added by hand" : "provisioned through SCIM"}`
        : `${actor.username} unlinked ${username} from ${providerName}, which removed them from group ${m.group.name}`,
  });
  await recordAudit(tx, actor, [
    {
      action: "user.identity_unlinked",
      targetType: "user",
      targetId: userId,
      targetName: username,
      relatedId: providerId,
      relatedName: providerName,
      summary: `${actor.username} unlinked ${username} from ${providerName} identity ${subject}${removed.length ? ` (${removed.length} memberships it asserted ended)` : ""}`,
      before: { provider: providerName, subject },
    },
    ...asserted.map(membershipEvent),
  ]);
  return { removedFrom: removed.map((m) => m.group.name) };
}
