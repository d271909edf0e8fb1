"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { addDirectGrants, removeDirectGrant } from "@/lib/dal/grants";
import { linkIdentity, unlinkIdentity } from "@/lib/dal/identity-links";
import { addUserToGroups, previewRemoveMembers, removeUserFromGroup } from "@/lib/dal/memberships";
import { setPassword, setUserStatus, updateUser } from "@/lib/dal/users";

// Ids come from the client: they are only passed on, and the DAL authorizes and scopes each call.
function refresh(userId: string) {
  revalidatePath(`/admin/users/${userId}`);
  revalidatePath("/admin/users");
}

export async function updateUserAction(userId: string, input: unknown) {
  const result = await runAction((actor) => updateUser(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function setUserStatusAction(userId: string, status: "ACTIVE" | "DISABLED") {
  const result = await runAction((actor) => setUserStatus(actor, userId, status));
  if (result.ok) refresh(userId);
  return result;
}

export async function setPasswordAction(userId: string, input: unknown) {
  const result = await runAction((actor) => setPassword(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function addToGroupsAction(userId: string, groupIds: unknown) {
  const result = await runAction((actor) => addUserToGroups(actor, userId, groupIds));
  if (result.ok) refresh(userId);
  return result;
}

export async function previewRemoveFromGroupAction(userId: string, groupId: string) {
  return runAction((actor) => previewRemoveMembers(actor, groupId, [userId]));
}

export async function removeFromGroupAction(userId: string, groupId: string) {
  const result = await runAction((actor) => removeUserFromGroup(actor, userId, groupId));
  if (result.ok) refresh(userId);
  return result;
}

export async function grantRolesAction(userId: string, roleIds: unknown) {
  const result = await runAction((actor) => addDirectGrants(actor, userId, roleIds));
  if (result.ok) refresh(userId);
  return result;
}

export async function removeGrantAction(userId: string, roleId: string) {
  const result = await runAction((actor) => removeDirectGrant(actor, userId, roleId));
  if (result.ok) refresh(userId);
  return result;
}

export async function linkIdentityAction(userId: string, input: unknown) {
  const result = await runAction((actor) => linkIdentity(actor, userId, input));
  if (result.ok) refresh(userId);
  return result;
}

export async function unlinkIdentityAction(userId: string, providerId: string, subject: string) {
  const result = await runAction((actor) => unlinkIdentity(actor, userId, providerId, subject));
  if (result.ok) refresh(userId);
  return result;
}
