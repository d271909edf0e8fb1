import "server-only";
import { count } from "@/lib/text/plural";
import { inStage } from "@/lib/access/stages";
import { idList } from "@/lib/schemas/common";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db } from "./db";
import { invalid, notFound } from "./errors";
import { assertMayGrant } from "./grant-guard";
import { readLockedGroup } from "./groups";
import { groupChangeImpact, usersLosingThrough, type Impact } from "./impact";
import { parse } from "./parse";
import { accessWrite, isAdminRole, lockAdminRemoval } from "./write";

/** Assigns roles to a group; every member inherits them (rule 1). Roles already assigned are reported, not an error. */
export async function addRolesToGroup(
  actor: Actor,
  groupId: string,
  roleIdsInput: unknown,
): Promise<{ added: string[]; alreadyAssigned: string[] }> {
  authorize(actor, "grants:write");
  const roleIds = parse(idList("Pick at least one role."), roleIdsInput);
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "grants:write",
    async (tx) => {
      const group = await readLockedGroup(tx, groupId);
      await assertMayGrant(tx, actor, roleIds, group.stage);
      const roles = await tx.role.findMany({ where: { id: { in: roleIds } }, select: { id: true, name: true } });
      if (roles.length !== roleIds.length) throw invalid("One of the roles no longer exists.");
      // Members who gain a role (none when every role is already assigned: they hold it through this group).
      const inserted = await tx.groupRole.createManyAndReturn({
        data: roles.map((role) => ({ groupId, roleId: role.id, createdById: actor.id })),
        skipDuplicates: true,
        select: { roleId: true },
      });
      const insertedIds = new Set(inserted.map((row) => row.roleId));
      const { memberCount } = group;
      const stageCount = await tx.stage.count();
      await recordAudit(
        tx,
        actor,
        roles
          .filter((role) => insertedIds.has(role.id))
          .map((role) => ({
            action: "group.role_added" as const,
            targetType: "group" as const,
            targetId: groupId,
            targetName: group.name,
            stageId: group.stage.id,
            stageName: group.stage.name,
            summary: `${actor.username} added role ${role.name} to group ${group.name}${inStage(group.stage.name, stageCount)} (${count(memberCount, "member")})`,
            after: { roleId: role.id, roleName: role.name, stageId: group.stage.id, stageName: group.stage.name },
          })),
      );
      return {
        added: roles.filter((r) => insertedIds.has(r.id)).map((r) => r.name),
        alreadyAssigned: roles.filter((r) => !insertedIds.has(r.id)).map((r) => r.name),
      };
    },
    { locks: { groups: [groupId] } },
  );
}

export async function previewRemoveRoleFromGroup(actor: Actor, groupId: string, roleId: string): Promise<Impact> {
  authorize(actor, "grants:write");
  if (!isUuid(groupId) || !isUuid(roleId)) throw notFound("The role assignment");
  const exists = await db.groupRole.findUnique({ where: { groupId_roleId: { groupId, roleId } } });
  if (!exists) throw notFound("The role assignment");
  return groupChangeImpact({ groupId, roleIds: [roleId] });
}

/** Removes a role from a group: members lose it unless they hold it directly or through another group (rule 2). */
export async function removeRoleFromGroup(
  actor: Actor,
  groupId: string,
  roleId: string,
): Promise<{ removed: boolean; usersLosing: number }> {
  authorize(actor, "grants:write");
  if (!isUuid(roleId)) throw notFound("The role");
  if (!isUuid(groupId)) throw notFound("The group");
  return accessWrite(
    actor,
    "grants:write",
    async (tx) => {
      const group = await readLockedGroup(tx, groupId);
      const role = await tx.role.findUnique({ where: { id: roleId }, select: { id: true, name: true } });
      if (!role) throw notFound("The role");
      if (group.stage.isDefault && (await isAdminRole(tx, roleId))) await lockAdminRemoval(tx);
      const exists = await tx.groupRole.findUnique({ where: { groupId_roleId: { groupId, roleId } } });
      if (!exists) return { removed: false, usersLosing: 0 };
      const usersLosing = (await usersLosingThrough(tx, { groupId, roleIds: [roleId] })).length;
      await tx.groupRole.delete({ where: { groupId_roleId: { groupId, roleId } } });
      const stageCount = await tx.stage.count();
      await recordAudit(tx, actor, {
        action: "group.role_removed",
        targetType: "group",
        targetId: groupId,
        targetName: group.name,
        stageId: group.stage.id,
        stageName: group.stage.name,
        summary: `${actor.username} removed role ${role.name} from group ${group.name}${inStage(group.stage.name, stageCount)} (${count(usersLosing, "member")} affected)`,
        before: { roleId: role.id, roleName: role.name, stageId: group.stage.id, stageName: group.stage.name },
      });
      return { removed: true, usersLosing };
    },
    { locks: { groups: [groupId] } },
  );
}
