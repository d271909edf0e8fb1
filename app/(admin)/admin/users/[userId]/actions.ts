"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { addDirectGrants, removeDirectGrant } from "@/lib/dal/grants";
import { linkIdentity, unlinkIdentity } from "@/lib/dal/identity-links";
import { addUserToGroups, previewRemoveMembers, removeUserFromGroup } from "@/lib/dal/memberships";
import { deleteUser, previewDeleteUser } from "@/lib/dal/user-deletion";
import { setPassword, setUserStatus, signOutEverywhere, updateUser } from "@/lib/dal/users";

// Ids come from the client: they are only passed on, and the DAL authorizes and scopes each call.
function refresh(userId: string) {
  revalidatePath(`/admin/users/${userId}`);
  revalidatePath("/admin/users");
}

export async function updateUserAction(userId: string, input: unknown) {
  const result = await runAction("users:write", (actor) => updateUser(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function setUserStatusAction(userId: string, status: "ACTIVE" | "DISABLED") {
  const result = await runAction("users:write", (actor) => setUserStatus(actor, userId, status));
  if (result.ok) refresh(userId);
  return result;
}

export async function setPasswordAction(userId: string, input: unknown) {
  const result = await runAction("users:write", (actor) => setPassword(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function signOutEverywhereAction(userId: string) {
  return runAction("users:write", (actor) => signOutEverywhere(actor, userId));
}

export async function addToGroupsAction(userId: string, groupIds: unknown) {
  const result = await runAction("members:write", (actor) => addUserToGroups(actor, userId, groupIds));
  if (result.ok) refresh(userId);
  return result;
}

export async function previewRemoveFromGroupAction(userId: string, groupId: string) {
  return runAction("members:write", (actor) => previewRemoveMembers(actor, groupId, [userId]));
}

export async function removeFromGroupAction(userId: string, groupId: string) {
  const result = await runAction("members:write", (actor) => removeUserFromGroup(actor, userId, groupId));
  if (result.ok) refresh(userId);
  return result;
}

export async function grantRolesAction(userId: string, roleIds: unknown, stageId?: unknown) {
  const result = await runAction("grants:write", (actor) => addDirectGrants(actor, userId, roleIds, stageId));
  if (result.ok) refresh(userId);
  return result;
}

export async function removeGrantAction(userId: string, roleId: string, stageId?: unknown) {
  const result = await runAction("grants:write", (actor) => removeDirectGrant(actor, userId, roleId, stageId));
  if (result.ok) refresh(userId);
  return result;
}

export async function linkIdentityAction(userId: string, input: unknown) {
  const result = await runAction("users:write", (actor) => linkIdentity(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function unlinkIdentityAction(userId: string, providerId: string, subject: string) {
  const result = await runAction("users:write", (actor) => unlinkIdentity(actor, userId, providerId, subject));
  if (result.ok) refresh(userId);
  return result;
}

export async function previewDeleteUserAction(userId: string) {
  return runAction("users:write", (actor) => previewDeleteUser(actor, userId));
}

export async function deleteUserAction(userId: string) {
  const result = await runAction("users:write", (actor) => deleteUser(actor, userId));
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
