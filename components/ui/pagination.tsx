import Link from "next/link";
import { cn } from "./cn";
import { count } from "@/lib/text/plural";

/** Previous/next links that keep every other search parameter: the page lives in the URL. */
export function Pagination({
  page,
  pageCount,
  total,
  noun,
  params,
  pageParam = "page",
  fragment,
}: {
  page: number;
  pageCount: number;
  total: number;
  noun: string;
  params: Record<string, string | undefined>;
  pageParam?: string;
  /** An element id to scroll to, for a list further down the page. */
  fragment?: string;
}) {
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value && key !== pageParam) search.set(key, value);
    if (p > 1) search.set(pageParam, String(p));
    const query = search.toString();
    return `${query ? `?${query}` : "?"}${fragment ? `#${fragment}` : ""}`;
  };
  const link =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
  const off = "pointer-events-none opacity-40";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-4 px-4 py-3 text-sm text-slate-600">
      <p>
        {count(total, noun)} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        <Link
          href={href(page - 1)}
          className={cn(link, page <= 1 && off)}
          aria-disabled={page <= 1}
          tabIndex={page <= 1 ? -1 : undefined}
        >
          Previous
        </Link>
        <Link
          href={href(page + 1)}
          className={cn(link, page >= pageCount && off)}
          aria-disabled={page >= pageCount}
          tabIndex={page >= pageCount ? -1 : undefined}
        >
          Next
        </Link>
      </div>
    </nav>
  );
}

/**
 * First / Previous / Next / Last for a keyset-paged list (lib/dal/keyset.ts). The position is one URL
 * parameter, so Back, reload and a shared link show the same rows; no page numbers, which would cost
 * a count of every row before the page.
 */
export function KeysetPagination({
  total,
  shown,
  noun,
  next,
  prev,
  params,
  pageParam = "page",
}: {
  total: number;
  shown: number;
  noun: string;
  next: string | null;
  prev: string | null;
  params: Record<string, string | undefined>;
  pageParam?: string;
}) {
  const href = (position: string | null) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value && key !== pageParam) search.set(key, value);
    if (position) search.set(pageParam, position);
    const query = search.toString();
    return query ? `?${query}` : "?";
  };
  const link =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
  const off = "rounded-md border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-400";
  const step = (label: string, position: string | null, enabled: boolean, rel?: string) =>
    enabled ? (
      <Link href={href(position)} className={link} rel={rel}>
        {label}
      </Link>
    ) : (
      <span className={off} aria-disabled="true">
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-4 px-4 py-3 text-sm text-slate-600">
      <p>
        {count(total, noun)}
        {total > shown && ` · showing ${shown}`}
      </p>
      <div className="flex gap-2">
        {step("First", null, prev !== null)}
        {step("Previous", prev, prev !== null, "prev")}
        {step("Next", next, next !== null, "next")}
        {step("Last", "last", next !== null)}
      </div>
    </nav>
  );
}
