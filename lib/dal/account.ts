import "server-only";
import { verify } from "@node-rs/argon2";
import { changeOwnPasswordSchema } from "@/lib/schemas/users";
import { authenticate, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { hashPassword } from "./credentials";
import { db } from "./db";
import { invalid } from "./errors";
import { endOidcSessions, notifyLogout } from "./oidc-sessions";
import { parse } from "./parse";

/**
 * A signed-in user changes their own password (current password required).
 * Every session of the user is signed out (the session version moves on); the
 * caller signs the current browser in again with the new password.
 */
export async function changeOwnPassword(actor: Actor, input: unknown): Promise<void> {
  authenticate(actor);
  const data = parse(changeOwnPasswordSchema, input);
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  const ok = user.passwordHash ? await verify(user.passwordHash, data.currentPassword).catch(() => false) : false;
  if (!ok)
    throw invalid("The current password is not correct.", { currentPassword: "The current password is not correct." });
  const passwordHash = await hashPassword(data.newPassword);
  const notices = await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      action: "user.password_set",
      targetType: "user",
      targetId: actor.id,
      targetName: actor.username,
      summary: `${actor.username} changed their own password`,
    });
    return endOidcSessions(tx, actor.id);
  });
  await notifyLogout(notices);
}

/** Users provisioned by an identity provider have no Gatehouse password until an administrator sets one. */
export async function hasOwnPassword(actor: Actor): Promise<boolean> {
  authenticate(actor);
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}
