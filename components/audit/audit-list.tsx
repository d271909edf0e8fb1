"use client";
import Link from "next/link";
import type { AuditEventDto } from "@/lib/dal/audit-log";
import { Badge, EmptyState } from "@/components/ui/card";
import { formatWhen } from "@/lib/text/dates";

const TARGET_PATHS: Record<string, string> = {
  user: "/admin/users",
  group: "/admin/groups",
  role: "/admin/roles",
  application: "/admin/applications",
  provider: "/admin/identity-providers",
};
/** Targets without a page of their own open their list. */
const LIST_ONLY: Record<string, string> = { stage: "/admin/stages" };

/**
 * Audit entries as sentences, each linking to its target. A client component for speed, not
 * interactivity: React sends the events' data instead of every element (README, "How it is built").
 */
export function AuditList({
  events,
  empty = "Nothing has happened here yet.",
  showStages = false,
}: {
  events: AuditEventDto[];
  empty?: string;
  /** With two or more stages: each grant, group and membership change shows its stage. */
  showStages?: boolean;
}) {
  if (events.length === 0) return <EmptyState title={empty} />;
  return (
    <ol className="divide-y divide-slate-100">
      {events.map((event) => (
        <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-5 py-3 text-sm">
          <p className="text-slate-800">
            {showStages && event.stageName && (
              <Badge className="mr-2" tone="slate">
                {event.stageName}
              </Badge>
            )}
            {event.summary}
            {/* Nothing to open: a deleted thing, a lockout of a username no account has, a signing key, an API token. */}
            {event.action.endsWith("deleted") || !event.targetId || !TARGET_PATHS[event.targetType] ? null : (
              <>
                {" "}
                <Link
                  href={LIST_ONLY[event.targetType] ?? `${TARGET_PATHS[event.targetType]}/${event.targetId}`}
                  className="text-xs font-medium text-indigo-700 hover:underline"
                >
                  Open {event.targetType}
                </Link>
              </>
            )}
          </p>
          <time dateTime={event.at.toISOString()} className="text-xs whitespace-nowrap text-slate-500">
            {formatWhen(event.at)}
          </time>
        </li>
      ))}
    </ol>
  );
}
