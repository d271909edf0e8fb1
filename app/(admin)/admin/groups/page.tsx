import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { KeysetPagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listGroups } from "@/lib/dal/groups";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { StageFilter } from "@/components/stages/stage-filter";
import { groupSortSchema } from "@/lib/schemas/groups";
import { GroupsTable, type SortHeader } from "./_components/groups-table";

export const metadata: Metadata = { title: "Groups" };

type Params = { q?: string; sort?: string; page?: string; stage?: string };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePage("/admin/groups");
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  const sort = groupSortSchema.parse(params.sort);
  const stages = await listStageRefs(actor);
  const staged = showsStages(stages);
  // The stage filter lives in the URL (?stage=<key>), so a filtered list can be shared and kept.
  const stage = staged ? stages.find((s) => s.key === params.stage) : undefined;
  const groups = await listGroups(actor, { q, sort, page: params.page, stage: stage?.key });
  const canEdit = can(actor, "groups:write");
  const keep = { sort: params.sort, stage: stage?.key };
  const newHref = stage ? `/admin/groups/new?stage=${encodeURIComponent(stage.key)}` : "/admin/groups/new";
  return (
    <>
      <PageHeader
        title="Groups"
        description="Members of a group inherit every role of the group."
        actions={
          canEdit ? (
            <Button asChild>
              <Link href={newHref}>
                <Plus className="size-4" aria-hidden /> Create group
              </Link>
            </Button>
          ) : undefined
        }
      />
      <Card>
        <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-4 py-3">
          <SearchForm label="Search groups by name" value={q} keep={keep} />
          {staged && <StageFilter stages={stages} current={stage?.key} params={{ q, sort: params.sort }} />}
        </div>
        {groups.total === 0 ? (
          q ? (
            <EmptyState title={`No group matches “${q}”${stage ? ` in ${stage.name}` : ""}.`}>
              Try another name, or clear the search.
            </EmptyState>
          ) : stage ? (
            <EmptyState
              title={`No groups in ${stage.name} yet`}
              action={
                canEdit ? (
                  <Button asChild>
                    <Link href={newHref}>Create a group in {stage.name}</Link>
                  </Button>
                ) : undefined
              }
            >
              A group&apos;s roles apply only in its stage.
            </EmptyState>
          ) : (
            <EmptyState
              title="No groups yet"
              action={
                canEdit ? (
                  <Button asChild>
                    <Link href="/admin/groups/new">Create the first group</Link>
                  </Button>
                ) : undefined
              }
            >
              Create a group, give it roles, and add people: they inherit the roles.
            </EmptyState>
          )
        ) : (
          <>
            <GroupsTable
              groups={groups.items}
              staged={staged}
              canEdit={canEdit}
              sortBy={{
                name: sortHeader(sort, "name", q, stage?.key),
                members: sortHeader(sort, "members", q, stage?.key),
              }}
            />
            <KeysetPagination
              total={groups.total}
              shown={groups.items.length}
              next={groups.next}
              prev={groups.prev}
              noun="group"
              params={{ q, ...keep }}
            />
          </>
        )}
      </Card>
    </>
  );
}

/** Where a column header sorts to (ascending first, then descending) and how it sorts now. */
function sortHeader(sort: string, column: string, q: string, stage?: string): SortHeader {
  const next = sort === column ? `-${column}` : column;
  const search = new URLSearchParams({ ...(q ? { q } : {}), ...(stage ? { stage } : {}), sort: next });
  const direction = sort === column ? "ascending" : sort === `-${column}` ? "descending" : undefined;
  return { href: `?${search}`, direction };
}
