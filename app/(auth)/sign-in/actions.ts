"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { redirect, unstable_rethrow } from "next/navigation";
import { signIn } from "@/lib/auth";
import { DATABASE_UNAVAILABLE, credentialsErrorMessage } from "@/lib/auth/sign-in-messages";
import { isDatabaseUnavailable } from "@/lib/dal/errors";
import { signInSchema } from "@/lib/schemas/auth";

export interface SignInState {
  error?: string;
  fieldErrors?: { username?: string; password?: string };
  username?: string;
}

/**
 * Signs in and goes to the page asked for, or home (admin area or My access). A form
 * action, so it works before the page has hydrated: credentials never end up in a URL.
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const input = { username: form.get("username"), password: form.get("password") };
  const username = typeof input.username === "string" ? input.username : "";
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as "username" | "password";
      fieldErrors[field] ??= issue.message;
    }
    return { fieldErrors, username };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safePath(form.get("callbackUrl")) });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error; // the redirect after a successful sign-in
    // The same words for an unknown user, a wrong password and a disabled account; a lockout
    // or an unreachable database says so (the code never tells whether the account exists).
    if (error instanceof CredentialsSignin) return { error: credentialsErrorMessage(error.code), username };
    if (isDatabaseUnavailable(error)) return { error: DATABASE_UNAVAILABLE, username };
    console.error("Password sign-in failed", error.cause ?? error);
    return { error: "Signing in did not work on our side. Please try again.", username };
  }
  return {};
}

/** Only local paths: the proxy's callbackUrl can be absolute, and an open redirect would be a hole. */
function safePath(callbackUrl: FormDataEntryValue | null): string {
  if (typeof callbackUrl !== "string" || !callbackUrl) return "/";
  try {
    const url = new URL(callbackUrl, "http://local");
    const path = `${url.pathname}${url.search}`;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/sign-in") ? path : "/";
  } catch {
    return "/";
  }
}

/** Starts a sign-in through an identity provider; an unreachable provider comes back as a message. */
export async function signInWithProviderAction(providerKey: string, callbackUrl?: string) {
  try {
    await signIn(providerKey, { redirectTo: safePath(callbackUrl ?? null) });
  } catch (error) {
    unstable_rethrow(error);
    console.error(
      `Could not start sign-in through ${providerKey}`,
      error instanceof AuthError ? (error.cause ?? error.message) : error,
    );
    redirect(`/sign-in?error=unreachable&provider=${encodeURIComponent(providerKey)}`);
  }
}
