import Link from "next/link";
import { cn } from "./cn";

/** Previous/next links that keep every other search parameter: the page lives in the URL. */
export function Pagination({
  page,
  pageCount,
  total,
  noun,
  params,
  pageParam = "page",
}: {
  page: number;
  pageCount: number;
  total: number;
  noun: string;
  params: Record<string, string | undefined>;
  pageParam?: string;
}) {
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value && key !== pageParam) search.set(key, value);
    if (p > 1) search.set(pageParam, String(p));
    const query = search.toString();
    return query ? `?${query}` : "?";
  };
  const link =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
  const off = "pointer-events-none opacity-40";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-4 px-4 py-3 text-sm text-slate-600">
      <p>
        {total.toLocaleString("en")} {noun}
        {total === 1 ? "" : "s"} · page {page} of {pageCount}
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
