import { Search } from "lucide-react";
import { useId } from "react";
import { searchSchema } from "@/lib/schemas/common";

/**
 * A plain GET form: the search lands in the URL (shareable, back button works) and the
 * server runs it. Hidden inputs keep the other parameters; the page resets to 1.
 */
export function SearchForm({
  label,
  name = "q",
  value,
  keep = {},
}: {
  label: string;
  name?: string;
  value?: string;
  keep?: Record<string, string | undefined>;
}) {
  const errorId = useId();
  // The list ignores a search it cannot run; say why here, where the person typed it.
  const parsed = searchSchema.safeParse(value);
  const error = parsed.success ? undefined : parsed.error.issues[0]?.message;
  return (
    <form role="search" className="relative w-full max-w-xs">
      {Object.entries(keep).map(([key, v]) => (v ? <input key={key} type="hidden" name={key} value={v} /> : null))}
      <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
      <input
        type="search"
        name={name}
        defaultValue={value}
        aria-label={label}
        placeholder={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="h-9 w-full rounded-md border border-slate-300 bg-white pr-3 pl-8 text-sm shadow-xs placeholder:text-slate-400 aria-invalid:border-red-500"
      />
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
