import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { consentRequest } from "@/lib/oidc/handler";
import { SignInFrame } from "../../_components/sign-in-frame";

export const metadata: Metadata = { title: "Allow access" };

const SCOPE_WORDS: Record<string, string> = {
  openid: "Your Gatehouse user id",
  profile: "Your name and username",
  email: "Your email address",
  groups: "The names of your groups",
  roles: "Your roles in this application",
  offline_access: "Access while you are away (refresh)",
};

/**
 * A third-party application asks to sign the user in: what it will receive, Allow or Deny. The
 * form posts to the provider's interaction, which checks the interaction cookie and the session.
 */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const request = /^[\w-]{1,64}$/.test(uid) ? await consentRequest(uid) : null;
  if (!request) {
    return (
      <SignInFrame title="This request has expired">
        <p className="text-sm text-slate-700">Go back to the application and sign in again.</p>
      </SignInFrame>
    );
  }
  return (
    <SignInFrame
      title={`Allow ${request.name}?`}
      subtitle={`${request.name} (${request.applicationName}) wants to sign you in with Gatehouse.`}
    >
      <div>
        <p className="text-sm font-medium text-slate-900">It will receive</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {request.scopes
            .filter((scope) => scope in SCOPE_WORDS)
            .map((scope) => (
              <li key={scope}>{SCOPE_WORDS[scope]}</li>
            ))}
        </ul>
      </div>
      <form method="post" action={`/oidc/interaction/${uid}`} className="flex gap-2">
        <Button type="submit" name="decision" value="allow" className="flex-1">
          Allow
        </Button>
        <Button type="submit" name="decision" value="deny" variant="secondary" className="flex-1">
          Deny
        </Button>
      </form>
      <p className="text-xs text-slate-500">
        Not you?{" "}
        <Link href="/me" className="text-indigo-700 underline">
          Open My access
        </Link>{" "}
        to sign out.
      </p>
    </SignInFrame>
  );
}
