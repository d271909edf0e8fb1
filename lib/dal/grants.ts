import "server-only";
import { inStage } from "@/lib/access/stages";
import { idList } from "@/lib/schemas/common";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import type { Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { assertMayGrant } from "./grant-guard";
import { parse } from "./parse";
import { resolveStage } from "./stages";
import { accessWrite, isAdminRole, lockAdminRemoval } from "./write";

/**
 * Grants roles to a user individually (direct grants) in one stage, the default stage unless
 * `stageIdInput` names another. Roles already granted directly in that stage are reported.
 */
export async function addDirectGrants(
  actor: Actor,
  userId: string,
  roleIdsInput: unknown,
  stageIdInput?: unknown,
): Promise<{ added: string[]; alreadyGranted: string[] }> {
  authorize(actor, "grants:write");
  const roleIds = parse(idList("Pick at least one role."), roleIdsInput);
  if (!isUuid(userId)) throw notFound("The user");
  return accessWrite(
    actor,
    "grants:write",
    async (tx) => {
      const user = await readLockedUser(tx, userId);
      const stage = await resolveStage(stageIdInput, tx);
      await assertMayGrant(tx, actor, roleIds, stage);
      const roles = await tx.role.findMany({ where: { id: { in: roleIds } }, select: { id: true, name: true } });
      if (roles.length !== roleIds.length) throw invalid("One of the roles no longer exists.");
      const count = await tx.stage.count();
      const inserted = await tx.directGrant.createManyAndReturn({
        data: roles.map((role) => ({ userId, roleId: role.id, stageId: stage.id, createdById: actor.id })),
        skipDuplicates: true,
        select: { roleId: true },
      });
      const insertedIds = new Set(inserted.map((row) => row.roleId));
      const added = roles.filter((role) => insertedIds.has(role.id));
      await recordAudit(
        tx,
        actor,
        added.map((role) => ({
          action: "user.role_granted" as const,
          targetType: "user" as const,
          targetId: user.id,
          targetName: user.username,
          relatedId: role.id,
          relatedName: role.name,
          stageId: stage.id,
          stageName: stage.name,
          summary: `${actor.username} granted role ${role.name} directly to ${user.username}${inStage(stage.name, count)}`,
          after: { roleId: role.id, roleName: role.name, stageId: stage.id, stageName: stage.name },
        })),
      );
      return {
        added: added.map((r) => r.name),
        alreadyGranted: roles.filter((r) => !insertedIds.has(r.id)).map((r) => r.name),
      };
    },
    { locks: { users: [userId] } },
  );
}

/**
 * Removes a direct grant in a stage (the default stage unless named). A role the user only
 * inherits there cannot be removed here (rule 4): the error names the groups to change instead.
 */
export async function removeDirectGrant(
  actor: Actor,
  userId: string,
  roleId: string,
  stageIdInput?: unknown,
): Promise<{ removed: boolean; stillInheritedFrom: string[] }> {
  authorize(actor, "grants:write");
  if (!isUuid(roleId)) throw notFound("The role");
  if (!isUuid(userId)) throw notFound("The user");
  return accessWrite(
    actor,
    "grants:write",
    async (tx) => {
      const user = await readLockedUser(tx, userId);
      const role = await tx.role.findUnique({ where: { id: roleId }, select: { id: true, name: true } });
      if (!role) throw notFound("The role");
      const stage = await resolveStage(stageIdInput, tx);
      if (stage.isDefault && (await isAdminRole(tx, roleId))) await lockAdminRemoval(tx);
      const viaGroups = await tx.group.findMany({
        where: { stageId: stage.id, members: { some: { userId } }, roles: { some: { roleId } } },
        select: { name: true },
        orderBy: { nameKey: "asc" },
      });
      const stageCount = await tx.stage.count();
      const { count } = await tx.directGrant.deleteMany({ where: { userId, roleId, stageId: stage.id } });
      if (count === 0) {
        if (viaGroups.length > 0) {
          throw conflict(
            `${user.username} inherits ${role.name}${inStage(stage.name, stageCount)} from ${viaGroups.map((g) => g.name).join(", ")}. ` +
              "Remove them from the group, or remove the role from the group, instead.",
          );
        }
        return { removed: false, stillInheritedFrom: [] };
      }
      await recordAudit(tx, actor, {
        action: "user.role_revoked",
        targetType: "user",
        targetId: user.id,
        targetName: user.username,
        relatedId: role.id,
        relatedName: role.name,
        stageId: stage.id,
        stageName: stage.name,
        summary:
          `${actor.username} removed the direct grant of ${role.name} from ${user.username}${inStage(stage.name, stageCount)}` +
          (viaGroups.length > 0 ? ` (still inherited from ${viaGroups.map((g) => g.name).join(", ")})` : ""),
        before: { roleId: role.id, roleName: role.name, stageId: stage.id, stageName: stage.name },
      });
      return { removed: true, stillInheritedFrom: viaGroups.map((g) => g.name) };
    },
    { locks: { users: [userId] } },
  );
}

async function readLockedUser(tx: Tx, userId: string) {
  if (!isUuid(userId)) throw notFound("The user");
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
  if (!user) throw notFound("The user");
  return user;
}
