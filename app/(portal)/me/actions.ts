"use server";
import { signIn } from "@/lib/auth";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { changeOwnPassword } from "@/lib/dal/account";

/** Changes the password, which signs out every session; this browser signs in again with the new one. */
export async function changePasswordAction(input: unknown): Promise<ActionResult<null>> {
  const result = await runAction("signed-in", async (actor) => {
    await changeOwnPassword(actor, input);
    return actor.username;
  });
  if (!result.ok) return result;
  const { newPassword } = input as { newPassword: string };
  await signIn("credentials", { username: result.data, password: newPassword, redirect: false });
  return { ok: true, data: null };
}
