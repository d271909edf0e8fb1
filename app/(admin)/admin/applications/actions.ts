"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import {
  createApplication,
  deleteApplication,
  previewDeleteApplication,
  updateApplication,
} from "@/lib/dal/applications";

// Ids are only passed on: the DAL authorizes, and refuses the built-in application.
function refresh() {
  revalidatePath("/admin/applications");
  revalidatePath("/admin/roles");
}

export async function createApplicationAction(input: unknown) {
  const result = await runAction("roles:write", (actor) => createApplication(actor, input));
  if (result.ok) refresh();
  return result;
}

export async function updateApplicationAction(applicationId: string, input: unknown) {
  const result = await runAction("roles:write", (actor) => updateApplication(actor, applicationId, input));
  if (result.ok) refresh();
  return result;
}

export async function previewDeleteApplicationAction(applicationId: string) {
  return runAction("roles:write", (actor) => previewDeleteApplication(actor, applicationId));
}

export async function deleteApplicationAction(applicationId: string) {
  const result = await runAction("roles:write", (actor) => deleteApplication(actor, applicationId));
  if (result.ok) refresh();
  return result;
}
