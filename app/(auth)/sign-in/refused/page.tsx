import type { Metadata } from "next";
import Link from "next/link";
import { clientForDisplay } from "@/lib/dal/oidc-clients";
import { SignInFrame } from "../_components/sign-in-frame";

export const metadata: Metadata = { title: "No access" };

/** An application with "Assignment required" refused the user: say which, and why. */
export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const { client } = await searchParams;
  const found = typeof client === "string" && client.length <= 200 ? await clientForDisplay(client) : null;
  const application = found?.applicationName ?? "this application";
  return (
    <SignInFrame title={`You don't have access to ${application}`}>
      <p role="alert" className="text-sm text-slate-700">
        {found ? `${found.applicationName} ` : "The application "}lets in only people who hold one of its roles, and you
        hold none. Ask your Gatehouse administrator for a role of {application}, then sign in again.
      </p>
      <p className="text-sm">
        <Link href="/me" className="font-medium text-indigo-700 hover:underline">
          See your access in Gatehouse
        </Link>
      </p>
    </SignInFrame>
  );
}
