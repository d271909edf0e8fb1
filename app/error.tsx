"use client";
import { Button } from "@/components/ui/button";

// Never a stack trace: the detail is in the server log, keyed by the digest.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-slate-600">
        The page could not be shown. Nothing was changed. Try again, and if it keeps happening, give your administrator
        this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>.
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
