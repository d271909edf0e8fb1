import { Button } from "@/components/ui/button";
import { signInWithProviderAction } from "./actions";

/** One button per enabled identity provider; local sign-in stays available below. */
export function ProviderButtons({
  providers,
  callbackUrl,
}: {
  providers: { key: string; name: string }[];
  callbackUrl?: string;
}) {
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2">
      {providers.map((provider) => (
        <form key={provider.key} action={signInWithProviderAction.bind(null, provider.key, callbackUrl)}>
          <Button type="submit" variant="secondary" className="w-full">
            Sign in with {provider.name}
          </Button>
        </form>
      ))}
      <div className="flex items-center gap-3 py-2 text-xs text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" /> or with your Gatehouse password{" "}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
    </div>
  );
}
