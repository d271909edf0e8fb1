"use client";
import { Combobox, ComboboxInput, ComboboxOption, ComboboxOptions } from "@headlessui/react";
import { Check, LoaderCircle, X } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import type { PickerOption } from "./types";

/**
 * Search-as-you-type picker of several items (Headless UI Combobox: opens on click or focus,
 * arrow keys, Enter, Esc, screen-reader announcements). The server does the searching (`source`, a GET
 * search route from `searchUrl`); picked items show as removable chips.
 */
export function AsyncPicker({
  id,
  label,
  placeholder,
  source,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  label: string;
  placeholder?: string;
  source: string;
  value: PickerOption[];
  onChange: (value: PickerOption[]) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const { query, setQuery, setOpen, options, loading, error } = useSearch(source);
  // One pick at a time (single mode), so the list closes after each pick and never stays over
  // the form's buttons; picking a ticked item again unticks it.
  const toggle = (option: PickerOption | null) => {
    if (!option) return;
    onChange(value.some((v) => v.id === option.id) ? value.filter((v) => v.id !== option.id) : [...value, option]);
    setQuery("");
  };
  return (
    <div className="space-y-2">
      <Combobox immediate value={null} by="id" onChange={toggle} onClose={() => setQuery("")}>
        {({ open }) => (
          <div className="relative">
            <OpenState open={open} onChange={setOpen} />
            <ComboboxInput
              id={id}
              aria-label={label}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              placeholder={placeholder}
              autoComplete="off"
              className="h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-xs placeholder:text-slate-400 aria-invalid:border-red-500"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
            {loading && (
              <LoaderCircle
                className="absolute top-2.5 right-2.5 size-4 animate-spin text-slate-400"
                aria-label="Searching"
              />
            )}
            <OptionList options={options} loading={loading} error={error} query={query} selected={value} />
          </div>
        )}
      </Combobox>
      {value.length > 0 && (
        <ul aria-label={`Selected: ${label}`} className="flex flex-wrap gap-1.5">
          {value.map((option) => (
            <li
              key={option.id}
              className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-sm text-indigo-800"
            >
              {option.label}
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-indigo-100"
                aria-label={`Remove ${option.label}`}
                onClick={() => onChange(value.filter((v) => v.id !== option.id))}
              >
                <X className="size-3.5" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Single-choice variant for "search + Add" rows: calls onPick and clears itself. */
export function SinglePicker({
  id,
  label,
  placeholder,
  source,
  value,
  onChange,
}: {
  id: string;
  label: string;
  placeholder?: string;
  source: string;
  value: PickerOption | null;
  onChange: (value: PickerOption | null) => void;
}) {
  const { query, setQuery, setOpen, options, loading, error } = useSearch(source);
  return (
    <Combobox immediate value={value} by="id" onChange={onChange} onClose={() => setQuery("")}>
      {({ open }) => (
        <div className="relative w-full">
          <OpenState open={open} onChange={setOpen} />
          <ComboboxInput
            id={id}
            aria-label={label}
            placeholder={placeholder}
            autoComplete="off"
            className="h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-xs placeholder:text-slate-400"
            displayValue={(option: PickerOption | null) => option?.label ?? ""}
            onChange={(event) => setQuery(event.target.value)}
          />
          {loading && (
            <LoaderCircle
              className="absolute top-2.5 right-2.5 size-4 animate-spin text-slate-400"
              aria-label="Searching"
            />
          )}
          <OptionList options={options} loading={loading} error={error} query={query} selected={value ? [value] : []} />
        </div>
      )}
    </Combobox>
  );
}

function OptionList({
  options,
  loading,
  error,
  query,
  selected,
}: {
  options: PickerOption[];
  loading: boolean;
  error?: string;
  query: string;
  selected: PickerOption[];
}) {
  return (
    <ComboboxOptions
      anchor="bottom start"
      modal={false}
      className="z-50 max-h-72 w-(--input-width) overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg [--anchor-gap:4px] empty:invisible"
    >
      {error && <div className="px-3 py-2 text-red-700">{error}</div>}
      {!error && !loading && options.length === 0 && (
        <div className="px-3 py-2 text-slate-500">{query ? `No matches for “${query}”.` : "Type to search."}</div>
      )}
      {options.map((option, i) => {
        const heading = option.group && option.group !== options[i - 1]?.group ? option.group : undefined;
        const isSelected = selected.some((s) => s.id === option.id);
        return (
          <div key={option.id}>
            {heading && (
              <div className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {heading}
              </div>
            )}
            <ComboboxOption
              value={option}
              className="group flex cursor-pointer items-start gap-2 px-3 py-1.5 data-focus:bg-indigo-50"
            >
              <Check className={cn("mt-0.5 size-4 shrink-0 text-indigo-600", !isSelected && "invisible")} aria-hidden />
              <span>
                <span className="block font-medium text-slate-900">{option.label}</span>
                {option.detail && <span className="block text-xs text-slate-500">{option.detail}</span>}
              </span>
            </ComboboxOption>
          </div>
        );
      })}
    </ComboboxOptions>
  );
}

/** Reports the Combobox's open state (a render prop) to the search hook. */
function OpenState({ open, onChange }: { open: boolean; onChange: (open: boolean) => void }) {
  useEffect(() => onChange(open), [open, onChange]);
  return null;
}

const DEBOUNCE_MS = 200;
const SEARCH_FAILED = "The search failed. Please try again.";

/**
 * Searches `source` once the user opens the picker or types, never on mount: a page with
 * five pickers costs nothing until one is used. Typing is debounced, and a newer query
 * aborts the request of an older one, so a slow answer never overwrites a newer one.
 */
function useSearch(source: string) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<PickerOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const active = open || query !== "";
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const timer = setTimeout(
      async () => {
        setLoading(true);
        try {
          const url = `${source}${source.includes("?") ? "&" : "?"}q=${encodeURIComponent(query.trim())}`;
          const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
          const body = (await response.json().catch(() => ({}))) as { options?: PickerOption[]; message?: string };
          if (response.ok && body.options) {
            setOptions(body.options);
            setError(undefined);
          } else setError(body.message ?? SEARCH_FAILED);
        } catch {
          if (!controller.signal.aborted) setError(SEARCH_FAILED);
        } finally {
          setLoading(false);
        }
      },
      query ? DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [active, query, source]);
  return { query, setQuery, setOpen, options, loading, error };
}

/** The GET search route of one kind of picker, with its filters (`searchUrl("users", { notInGroupId })`). */
export function searchUrl(
  kind: "users" | "groups" | "roles" | "applications",
  filters: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  const search = params.toString();
  return `/api/search/${kind}${search ? `?${search}` : ""}`;
}
