import { Search } from "lucide-react";

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
        className="h-9 w-full rounded-md border border-slate-300 bg-white pr-3 pl-8 text-sm shadow-xs placeholder:text-slate-400"
      />
    </form>
  );
}
