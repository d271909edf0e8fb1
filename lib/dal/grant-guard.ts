import "server-only";
import type { Actor } from "./actor";
import type { Tx } from "./db";
import { forbidden } from "./errors";

/** Rule 8: only an administrator may hand out a role they do not hold themselves. */
export async function assertMayGrant(tx: Tx, actor: Actor, roleIds: readonly string[]) {
  if (actor.isAdmin || roleIds.length === 0) return;
  const roles = await tx.role.findMany({
    where: { id: { in: [...roleIds] } },
    select: { key: true, name: true, application: { select: { key: true } } },
  });
  const notHeld = roles.filter((role) => !actor.roleKeys.has(`${role.application.key}:${role.key}`));
  if (notHeld.length > 0) {
    throw forbidden(`You can only grant roles you hold yourself (${notHeld.map((r) => r.name).join(", ")}).`);
  }
}

/** Adding someone to a group grants every role of the group. */
export function assertMayGrantGroup(tx: Tx, actor: Actor, groupId: string) {
  return assertMayGrantGroups(tx, actor, [groupId]);
}

export async function assertMayGrantGroups(tx: Tx, actor: Actor, groupIds: readonly string[]) {
  if (actor.isAdmin) return;
  const roles = await tx.groupRole.findMany({
    where: { groupId: { in: [...groupIds] } },
    select: { roleId: true },
    distinct: ["roleId"],
  });
  await assertMayGrant(
    tx,
    actor,
    roles.map((r) => r.roleId),
  );
}
