import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor, homeFor } from "@/lib/auth/actor";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const actor = await getActor();
  if (actor) redirect(homeFor(actor));
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <ShieldCheck className="size-10 text-indigo-600" aria-hidden />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Gatehouse</h1>
          <p className="text-sm text-slate-600">Users, roles and groups in one place.</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
        </div>
      </div>
    </main>
  );
}
