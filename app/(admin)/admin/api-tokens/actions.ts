"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { createToken, revokeToken } from "@/lib/dal/api-tokens";

export async function createTokenAction(input: unknown) {
  const result = await runAction("tokens:write", (actor) => createToken(actor, input));
  if (result.ok) revalidatePath("/admin/api-tokens");
  return result;
}

export async function revokeTokenAction(tokenId: string) {
  const result = await runAction("tokens:write", (actor) => revokeToken(actor, tokenId));
  if (result.ok) revalidatePath("/admin/api-tokens");
  return result;
}
