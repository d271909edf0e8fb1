"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { addRolesToGroup, previewRemoveRoleFromGroup, removeRoleFromGroup } from "@/lib/dal/group-roles";
import { createGroup, deleteGroup, previewDeleteGroup, updateGroup } from "@/lib/dal/groups";
import { addMembers, addMembersByLogin, previewRemoveMembers, removeMembers } from "@/lib/dal/memberships";

// Thin: the DAL authenticates, authorizes, validates and audits. Ids from the browser are only looked up.
const refresh = (groupId?: string) => {
  revalidatePath("/admin/groups");
  if (groupId) revalidatePath(`/admin/groups/${groupId}`);
};

export async function createGroupAction(input: unknown) {
  const result = await runAction("groups:write", (actor) => createGroup(actor, input));
  if (result.ok) refresh();
  return result;
}

export async function updateGroupAction(groupId: string, input: unknown) {
  const result = await runAction("groups:write", (actor) => updateGroup(actor, groupId, input));
  if (result.ok) refresh(groupId);
  return result;
}

export async function previewDeleteGroupAction(groupId: string) {
  return runAction("groups:write", (actor) => previewDeleteGroup(actor, groupId));
}

export async function deleteGroupAction(groupId: string) {
  const result = await runAction("groups:write", (actor) => deleteGroup(actor, groupId));
  if (result.ok) refresh();
  return result;
}

export async function addRolesToGroupAction(groupId: string, roleIds: unknown) {
  const result = await runAction("grants:write", (actor) => addRolesToGroup(actor, groupId, roleIds));
  if (result.ok) refresh(groupId);
  return result;
}

export async function previewRemoveRoleAction(groupId: string, roleId: string) {
  return runAction("grants:write", (actor) => previewRemoveRoleFromGroup(actor, groupId, roleId));
}

export async function removeRoleFromGroupAction(groupId: string, roleId: string) {
  const result = await runAction("grants:write", (actor) => removeRoleFromGroup(actor, groupId, roleId));
  if (result.ok) refresh(groupId);
  return result;
}

export async function addMembersAction(groupId: string, userIds: unknown) {
  const result = await runAction("members:write", (actor) => addMembers(actor, groupId, userIds));
  if (result.ok) refresh(groupId);
  return result;
}

export async function addMembersByLoginAction(groupId: string, text: unknown) {
  const result = await runAction("members:write", (actor) => addMembersByLogin(actor, groupId, text));
  if (result.ok) refresh(groupId);
  return result;
}

export async function previewRemoveMembersAction(groupId: string, userIds: unknown) {
  return runAction("members:write", (actor) => previewRemoveMembers(actor, groupId, userIds));
}

export async function removeMembersAction(groupId: string, userIds: unknown) {
  const result = await runAction("members:write", (actor) => removeMembers(actor, groupId, userIds));
  if (result.ok) refresh(groupId);
  return result;
}
