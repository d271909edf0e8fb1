import type { Metadata } from "next";
import Link from "next/link";
import { AuditList } from "@/components/audit/audit-list";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/actor";
import { listAuditEvents } from "@/lib/dal/audit-log";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { AuditFilters, FILTER_KEYS, TARGET_TYPES, type AuditParams } from "./_components/audit-filters";

export const metadata: Metadata = { title: "Audit log" };

const pager =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<AuditParams & { before?: string; pageSize?: string }>;
}) {
  const actor = await requirePage("/admin/audit");
  const params = await searchParams;
  const filters: AuditParams = Object.fromEntries(FILTER_KEYS.map((key) => [key, params[key] || undefined]));
  const stages = await listStageRefs(actor);
  const events = await listAuditEvents(actor, {
    ...filters,
    // A hand-edited URL with a bad value shows everything rather than an error page.
    targetType: TARGET_TYPES.find((type) => type === filters.targetType),
    from: validDate(filters.from),
    to: validDate(filters.to),
    before: params.before,
    pageSize: params.pageSize,
  });
  const filtered = Object.values(filters).some(Boolean);
  const href = (before?: string) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, pageSize: params.pageSize, before }))
      if (value) search.set(key, value);
    return `/admin/audit?${search}`;
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to users, groups, roles and access: who, when and what."
      />
      <AuditFilters values={filters} />
      <Card aria-labelledby="events" className="mt-6">
        <CardHeader
          id="events"
          title={params.before ? "Older changes" : "Latest changes"}
          description="Newest first. Times are in UTC."
        />
        <AuditList
          events={events.items}
          showStages={showsStages(stages)}
          empty={filtered ? "No changes match these filters." : "Nothing has been recorded yet."}
        />
        {(params.before || events.nextBefore) && (
          <nav aria-label="Audit log pages" className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3">
            {params.before && (
              <Link href={href()} className={pager}>
                Newest
              </Link>
            )}
            {events.nextBefore && (
              <Link href={href(events.nextBefore)} className={pager}>
                Older
              </Link>
            )}
          </nav>
        )}
      </Card>
    </>
  );
}

function validDate(value?: string) {
  return value && !Number.isNaN(new Date(value).getTime()) ? value : undefined;
}
