"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { createUser } from "@/lib/dal/users";

export async function createUserAction(input: unknown) {
  const result = await runAction("users:write", (actor) => createUser(actor, input));
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
