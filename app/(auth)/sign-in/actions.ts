"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth";
import { signInSchema } from "@/lib/schemas/auth";

export type SignInResult = { error: string } | undefined;

/** Signs in and goes to the page asked for, or home (admin area or My access). */
export async function signInAction(input: unknown, callbackUrl?: string): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter your username and password." };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safePath(callbackUrl) });
  } catch (error) {
    // The same words for an unknown user, a wrong password and a disabled account.
    if (error instanceof AuthError) return { error: "Wrong username or password." };
    throw error; // the redirect after a successful sign-in
  }
}

/** Only local paths: the proxy's callbackUrl can be absolute, and an open redirect would be a hole. */
function safePath(callbackUrl?: string): string {
  if (!callbackUrl) return "/";
  try {
    const url = new URL(callbackUrl, "http://local");
    const path = `${url.pathname}${url.search}`;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/sign-in") ? path : "/";
  } catch {
    return "/";
  }
}
