import Link from "next/link";
import type { StageRef } from "@/lib/access/stages";
import { cn } from "@/components/ui/cn";

/**
 * "All stages | Development | QA | Production" as links: the choice is in the URL (`?stage=<key>`),
 * works without JavaScript and with the keyboard. Other parameters (search, sort) are kept.
 */
export function StageFilter({
  stages,
  current,
  params = {},
  label = "Filter by stage",
  includeAll = true,
}: {
  stages: readonly StageRef[];
  current?: string;
  params?: Record<string, string | undefined>;
  label?: string;
  /** Offer "All stages" (a filter); without it, one stage is always chosen (a view of one stage). */
  includeAll?: boolean;
}) {
  const href = (stage?: string) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
    if (stage) search.set("stage", stage);
    const text = search.toString();
    return text ? `?${text}` : "?";
  };
  const options = includeAll ? [{ key: undefined, name: "All stages" }, ...stages] : stages;
  return (
    <nav aria-label={label} className="flex shrink-0 flex-wrap items-center gap-1 text-sm">
      {options.map((stage) => {
        const active = stage.key === current;
        return (
          <Link
            key={stage.key ?? "all"}
            href={href(stage.key)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-full px-3 py-1",
              active ? "bg-indigo-600 font-medium text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {stage.name}
          </Link>
        );
      })}
    </nav>
  );
}
