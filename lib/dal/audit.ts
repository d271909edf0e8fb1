import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "./actor";
import type { Tx } from "./db";

/**
 * Audit event types. Each write of the DAL records one event per real change
 * (adding a member who already is one records nothing).
 */
export const AUDIT_ACTIONS = {
  "user.created": "created user",
  "user.deleted": "deleted user",
  "user.updated": "updated user",
  "user.disabled": "disabled user",
  "user.enabled": "enabled user",
  "user.password_set": "set the password of user",
  "user.signed_out_everywhere": "signed out everywhere user",
  "user.role_granted": "granted a role directly to",
  "user.role_revoked": "removed a direct role from",
  "group.created": "created group",
  "group.updated": "updated group",
  "group.deleted": "deleted group",
  "group.role_added": "added a role to group",
  "group.role_removed": "removed a role from group",
  "group.member_added": "added a member to group",
  "group.member_removed": "removed a member from group",
  "application.created": "created application",
  "application.updated": "updated application",
  "application.deleted": "deleted application",
  "role.created": "created role",
  "role.updated": "updated role",
  "role.deleted": "deleted role",
  "provider.created": "added identity provider",
  "provider.updated": "updated identity provider",
  "provider.deleted": "deleted identity provider",
  "provider.mapping_added": "mapped an IdP group",
  "provider.mapping_removed": "removed an IdP group mapping",
  "user.provisioned": "provisioned user at first sign-in",
  "user.sign_in_locked": "locked password sign-in after failed attempts",
  "user.profile_synced": "refreshed name or email from an identity provider",
  "user.identity_linked": "linked a provider identity to user",
  "user.identity_unlinked": "unlinked a provider identity from user",
  "group.member_provider_attached": "an identity provider now also asserts a membership of group",
  "group.member_provider_detached": "an identity provider no longer asserts a membership of group",
  "stage.created": "created stage",
  "stage.updated": "updated stage",
  "stage.moved": "reordered stage",
  "stage.deleted": "deleted stage",
  "client.created": "registered sign-in client",
  "client.updated": "updated sign-in client",
  "client.secret_regenerated": "regenerated the secret of sign-in client",
  "client.deleted": "deleted sign-in client",
  "oidc.key_rotated": "rotated the OpenID Connect signing key",
  "token.created": "created API token",
  "token.revoked": "revoked API token",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditTargetType =
  "user" | "group" | "role" | "application" | "provider" | "stage" | "signing-key" | "token";
/** Who caused an event: a signed-in user, or an identity provider during sign-in (no user id). */
export type AuditActor = Pick<Actor, "id" | "username"> | { id: null; username: string };

export interface AuditEntry {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  targetName: string;
  /** The user a membership or grant is about, so filtering by that user finds it. */
  relatedId?: string;
  relatedName?: string;
  /** The stage of a grant, group or membership change. */
  stageId?: string;
  stageName?: string;
  /** A sentence a person can read: "admin removed role CRM Viewer from group Sales (12 members affected)". */
  summary: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

export async function recordAudit(tx: Tx, actor: AuditActor, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.auditEvent.createMany({
    data: list.map((entry) => ({ ...entry, actorId: actor.id, actorName: actor.username })),
  });
}
