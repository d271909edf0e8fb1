"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { createRole, deleteRole, previewDeleteRole, updateRole } from "@/lib/dal/roles";

// Ids are only passed on: the DAL authorizes, and refuses built-in roles.
function refresh() {
  revalidatePath("/admin/roles");
  revalidatePath("/admin/applications");
}

export async function createRoleAction(input: unknown) {
  const result = await runAction("roles:write", (actor) => createRole(actor, input));
  if (result.ok) refresh();
  return result;
}

export async function updateRoleAction(roleId: string, input: unknown) {
  const result = await runAction("roles:write", (actor) => updateRole(actor, roleId, input));
  if (result.ok) refresh();
  return result;
}

export async function previewDeleteRoleAction(roleId: string) {
  return runAction("roles:write", (actor) => previewDeleteRole(actor, roleId));
}

export async function deleteRoleAction(roleId: string) {
  const result = await runAction("roles:write", (actor) => deleteRole(actor, roleId));
  if (result.ok) refresh();
  return result;
}
