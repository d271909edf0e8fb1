"use client";
import { LoaderCircle, Search, X } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { searchSchema } from "@/lib/schemas/common";

const DEBOUNCE_MS = 300;

/**
 * A list's search box. The list filters as you type (debounced, the newest query wins) and the
 * search lands in the URL (shareable, the back button works), where the server runs it; Enter
 * searches at once, the clear button or Esc empties it. `keep` holds the other parameters that
 * survive a new search (a sort, a filter); paging starts again from the first page.
 */
export function SearchForm({
  label,
  name = "q",
  value = "",
  keep = {},
}: {
  label: string;
  name?: string;
  value?: string;
  keep?: Record<string, string | undefined>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A link or the back button changed the search: show what the page shows. (Not the answer to
  // our own navigation: the person may have typed on meanwhile.)
  const [sent, setSent] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (value !== sent) {
      setSent(value);
      setText(value);
    }
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  // The list ignores a search it cannot run; say why here, where the person typed it.
  const parsed = searchSchema.safeParse(text);
  const error = parsed.success ? undefined : parsed.error.issues[0]?.message;

  const go = (next: string) => {
    clearTimeout(timer.current);
    const params = new URLSearchParams();
    for (const [key, v] of Object.entries(keep)) if (v) params.set(key, v);
    if (next.trim()) params.set(name, next.trim());
    setSent(next.trim());
    const query = params.toString();
    startTransition(() => router.replace(`${pathname}${query ? `?${query}` : ""}`, { scroll: false }));
  };
  const change = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    if (!searchSchema.safeParse(next).success) return;
    timer.current = setTimeout(() => go(next), DEBOUNCE_MS);
  };
  const clear = () => {
    setText("");
    go("");
    input.current?.focus();
  };

  return (
    <form
      role="search"
      className="relative w-full max-w-xs"
      onSubmit={(event) => {
        event.preventDefault();
        if (!error) go(text);
      }}
    >
      <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
      <input
        ref={input}
        type="search"
        name={name}
        value={text}
        onChange={(event) => change(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && text) {
            event.preventDefault();
            clear();
          }
        }}
        aria-label={label}
        placeholder={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="h-9 w-full rounded-md border border-slate-300 bg-white pr-14 pl-8 text-sm shadow-xs placeholder:text-slate-400 aria-invalid:border-red-500 [&::-webkit-search-cancel-button]:appearance-none"
      />
      <span className="absolute top-1.5 right-1.5 flex items-center gap-0.5">
        {pending && <LoaderCircle className="size-4 animate-spin text-slate-400" aria-label="Searching" />}
        {text && (
          <button
            type="button"
            onClick={clear}
            aria-label="Clear search"
            className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <X className="size-4" aria-hidden />
          </button>
        )}
      </span>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
