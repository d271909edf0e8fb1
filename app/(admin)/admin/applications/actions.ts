"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import {
  createApplication,
  deleteApplication,
  previewDeleteApplication,
  updateApplication,
} from "@/lib/dal/applications";
import { createClient, deleteClient, regenerateClientSecret, updateClient } from "@/lib/dal/oidc-clients";
import { rotateSigningKey } from "@/lib/dal/oidc-keys";
import { forgetProvider } from "@/lib/oidc/provider";

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

// Sign-in clients: the secret comes back once, in the result, and is never stored in plain text.
function refreshApplication(applicationId: string) {
  revalidatePath(`/admin/applications/${applicationId}`);
}

export async function createClientAction(applicationId: string, input: unknown) {
  const result = await runAction("roles:write", (actor) => createClient(actor, applicationId, input));
  if (result.ok) refreshApplication(applicationId);
  return result;
}

export async function updateClientAction(clientId: string, input: unknown) {
  const result = await runAction("roles:write", (actor) => updateClient(actor, clientId, input));
  if (result.ok) revalidatePath("/admin/applications", "layout");
  return result;
}

export async function regenerateClientSecretAction(clientId: string) {
  return runAction("roles:write", (actor) => regenerateClientSecret(actor, clientId));
}

export async function deleteClientAction(clientId: string) {
  const result = await runAction("roles:write", (actor) => deleteClient(actor, clientId));
  if (result.ok) revalidatePath("/admin/applications", "layout");
  return result;
}

export async function rotateSigningKeyAction() {
  const result = await runAction("providers:write", (actor) => rotateSigningKey(actor));
  if (result.ok) {
    forgetProvider();
    revalidatePath("/admin/applications", "layout");
  }
  return result;
}
