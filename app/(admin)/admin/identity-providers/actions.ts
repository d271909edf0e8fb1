"use server";
import { revalidatePath } from "next/cache";
import { forgetProviderCache } from "@/lib/auth";
import { runAction } from "@/lib/actions/run-action";
import {
  addMapping,
  createProvider,
  deleteProvider,
  removeMapping,
  updateProvider,
} from "@/lib/dal/identity-providers";

const changed = (providerId?: string) => {
  forgetProviderCache();
  revalidatePath("/admin/identity-providers");
  if (providerId) revalidatePath(`/admin/identity-providers/${providerId}`);
};

export async function createProviderAction(input: unknown) {
  const result = await runAction("providers:write", (actor) => createProvider(actor, input));
  if (result.ok) changed();
  return result;
}

export async function updateProviderAction(providerId: string, input: unknown) {
  const result = await runAction("providers:write", (actor) => updateProvider(actor, providerId, input));
  if (result.ok) changed(providerId);
  return result;
}

export async function deleteProviderAction(providerId: string) {
  const result = await runAction("providers:write", (actor) => deleteProvider(actor, providerId));
  if (result.ok) changed();
  return result;
}

export async function addMappingAction(providerId: string, input: unknown) {
  const result = await runAction("providers:write", (actor) => addMapping(actor, providerId, input));
  if (result.ok) changed(providerId);
  return result;
}

export async function removeMappingAction(providerId: string, mappingId: string) {
  const result = await runAction("providers:write", (actor) => removeMapping(actor, mappingId));
  if (result.ok) changed(providerId);
  return result;
}
