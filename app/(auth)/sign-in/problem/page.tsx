import type { Metadata } from "next";
import { SignInFrame } from "../_components/sign-in-frame";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, string> = {
  invalid_redirect_uri:
    "The application asked to return to an address Gatehouse does not know for it. Tell the application's owner: its redirect URI must be registered exactly.",
  invalid_client: "Gatehouse does not know this application (its client id). Tell the application's owner.",
  invalid_request: "The application's sign-in request was not valid.",
  session_expired: "This sign-in took too long or was already used. Go back to the application and sign in again.",
};

/** A protocol error at the authorization endpoint that cannot go back to the application, in words. */
export default async function ProblemPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; description?: string }>;
}) {
  const { error, description } = await searchParams;
  const code = typeof error === "string" ? error.slice(0, 100) : "server_error";
  const detail = typeof description === "string" ? description.slice(0, 300) : undefined;
  return (
    <SignInFrame title="Signing in did not work">
      <p role="alert" className="text-sm text-slate-700">
        {MESSAGES[code] ?? "The application's sign-in request could not be completed. Go back and try again."}
      </p>
      {detail && (
        <p className="text-xs text-slate-500">
          Details for the application&apos;s owner: <span className="font-mono">{code}</span> — {detail}
        </p>
      )}
    </SignInFrame>
  );
}
