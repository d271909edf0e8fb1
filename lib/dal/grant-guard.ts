import "server-only";
import { mayHoldInStage, type StageRef } from "@/lib/access/stages";
import type { Actor } from "./actor";
import type { Tx } from "./db";
import { forbidden, invalid } from "./errors";

/**
 * Rule 8: only an administrator may hand out a role they do not hold themselves, in the stage
 * the role is given in. Rule 11: Gatehouse's own roles are given only in the default stage.
 */
export async function assertMayGrant(tx: Tx, actor: Actor, roleIds: readonly string[], stage?: StageRef) {
  if (roleIds.length === 0) return;
  if (actor.isAdmin && (!stage || stage.isDefault)) return;
  const roles = await tx.role.findMany({
    where: { id: { in: [...roleIds] } },
    select: { key: true, name: true, application: { select: { key: true } } },
  });
  if (stage) {
    const portal = roles.filter((role) => !mayHoldInStage(role.application.key, stage));
    if (portal.length > 0) {
      throw invalid(
        `Gatehouse's own roles (${portal.map((r) => r.name).join(", ")}) count only in the default stage; ` +
          `they cannot be given in ${stage.name}.`,
      );
    }
  }
  if (actor.isAdmin) return;
  const held = actor.stageRoleKeys.get(stage?.id ?? actor.defaultStageId) ?? new Set<string>();
  const notHeld = roles.filter((role) => !held.has(`${role.application.key}:${role.key}`));
  if (notHeld.length > 0) {
    throw forbidden(
      `You can only grant roles you hold yourself${stage && !stage.isDefault ? ` in ${stage.name}` : ""} ` +
        `(${notHeld.map((r) => r.name).join(", ")}).`,
    );
  }
}

/** Adding someone to a group grants every role of the group, in the group's stage. */
export function assertMayGrantGroup(tx: Tx, actor: Actor, groupId: string) {
  return assertMayGrantGroups(tx, actor, [groupId]);
}

export async function assertMayGrantGroups(tx: Tx, actor: Actor, groupIds: readonly string[]) {
  if (actor.isAdmin) return;
  const rows = await tx.groupRole.findMany({
    where: { groupId: { in: [...groupIds] } },
    select: {
      roleId: true,
      group: { select: { stage: { select: { id: true, key: true, name: true, isDefault: true } } } },
    },
  });
  const byStage = new Map<string, { stage: StageRef; roleIds: Set<string> }>();
  for (const row of rows) {
    const entry = byStage.get(row.group.stage.id) ?? { stage: row.group.stage, roleIds: new Set<string>() };
    entry.roleIds.add(row.roleId);
    byStage.set(row.group.stage.id, entry);
  }
  for (const { stage, roleIds } of byStage.values()) await assertMayGrant(tx, actor, [...roleIds], stage);
}
