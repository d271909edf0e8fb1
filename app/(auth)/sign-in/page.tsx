import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor, homeFor } from "@/lib/auth/actor";
import { credentialsErrorMessage } from "@/lib/auth/sign-in-messages";
import { signInButtons } from "@/lib/dal/idp-sign-in";
import { interactionClient } from "@/lib/oidc/handler";
import { ProviderButtons } from "./provider-buttons";
import { signInErrorMessage } from "./sign-in-errors";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Params = { callbackUrl?: string; error?: string; code?: string; provider?: string; claim?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await getActor();
  if (actor) redirect(homeFor(actor));
  const { callbackUrl, error, code, provider, claim } = await searchParams;
  const providers = await signInButtons();
  const providerName = providers.find((p) => p.key === provider)?.name ?? provider;
  // A password sign-in posted to /api/auth/callback/credentials comes back with error=CredentialsSignin&code=….
  const message =
    error === "CredentialsSignin"
      ? credentialsErrorMessage(typeof code === "string" ? code : undefined)
      : signInErrorMessage(
          typeof error === "string" ? error : undefined,
          typeof providerName === "string" ? providerName : undefined,
          typeof claim === "string" ? claim : undefined,
        );
  const callback = typeof callbackUrl === "string" ? callbackUrl : undefined;
  // Signing in for an application (OpenID Connect): say which one.
  const interaction = callback ? /^\/oidc\/interaction\/([\w-]+)$/.exec(callback)?.[1] : undefined;
  const forApp = interaction ? await interactionClient(interaction).catch(() => null) : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <ShieldCheck className="size-10 text-indigo-600" aria-hidden />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Gatehouse</h1>
          <p className="text-sm text-slate-600">
            {forApp ? `to continue to ${forApp.applicationName}` : "Users, roles and groups in one place."}
          </p>
        </div>
        <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {message && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {message}
            </p>
          )}
          <ProviderButtons providers={providers} callbackUrl={callback} />
          <SignInForm callbackUrl={callback} />
        </div>
      </div>
    </main>
  );
}
