import { ArrowDown, ArrowUp, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { KeysetPagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listGroups } from "@/lib/dal/groups";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { StageFilter } from "@/components/stages/stage-filter";
import { groupSortSchema } from "@/lib/schemas/groups";
import { DeleteGroupButton } from "./_components/delete-group-button";
import { RolesInGroupDialog } from "./_components/roles-in-group-dialog";
import { formatNumber } from "@/lib/text/plural";

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
            <Table>
              <thead>
                <tr>
                  <Th aria-sort={ariaSort(sort, "name")}>
                    <SortLink label="Name" column="name" sort={sort} q={q} stage={stage?.key} />
                  </Th>
                  {staged && <Th>Stage</Th>}
                  <Th>Description</Th>
                  <Th>Roles</Th>
                  <Th aria-sort={ariaSort(sort, "members")}>
                    <SortLink label="Members" column="members" sort={sort} q={q} stage={stage?.key} />
                  </Th>
                  <Th className="text-right">Actions</Th>
                </tr>
              </thead>
              <tbody>
                {groups.items.map((group) => (
                  <Tr key={group.id}>
                    <Td className="min-w-48">
                      <Link href={`/admin/groups/${group.id}`} className={linkClass}>
                        {group.name}
                      </Link>
                    </Td>
                    {staged && <Td className="whitespace-nowrap">{group.stage.name}</Td>}
                    <Td className="max-w-xs text-slate-600">
                      {group.description || <span className="text-slate-500">—</span>}
                    </Td>
                    <Td>
                      {group.roles.length > 0 ? (
                        <RolesInGroupDialog groupName={group.name} roles={group.roles} />
                      ) : (
                        <span className="text-slate-500">No roles</span>
                      )}
                    </Td>
                    <Td className="tabular-nums">{formatNumber(group.memberCount)}</Td>
                    <ActionsTd>
                      <Button asChild variant="ghost" size="sm">
                        <Link
                          href={`/admin/groups/${group.id}`}
                          aria-label={`${canEdit ? "Edit" : "View"} ${group.name}`}
                        >
                          {canEdit ? "Edit" : "View"}
                        </Link>
                      </Button>
                      {canEdit && (
                        <DeleteGroupButton
                          groupId={group.id}
                          groupName={group.name}
                          trigger={
                            <Button
                              variant="ghost"
                              size="sm"
                              className="text-red-700"
                              aria-label={`Delete ${group.name}`}
                            >
                              Delete
                            </Button>
                          }
                        />
                      )}
                    </ActionsTd>
                  </Tr>
                ))}
              </tbody>
            </Table>
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

function ariaSort(sort: string, column: string) {
  if (sort === column) return "ascending" as const;
  if (sort === `-${column}`) return "descending" as const;
  return undefined;
}

function SortLink({
  label,
  column,
  sort,
  q,
  stage,
}: {
  label: string;
  column: string;
  sort: string;
  q: string;
  stage?: string;
}) {
  const next = sort === column ? `-${column}` : column;
  const search = new URLSearchParams({ ...(q ? { q } : {}), ...(stage ? { stage } : {}), sort: next });
  const Icon = sort === column ? ArrowUp : sort === `-${column}` ? ArrowDown : null;
  return (
    <Link href={`?${search}`} className="inline-flex items-center gap-1 hover:text-slate-900">
      {label}
      {Icon && <Icon className="size-3" aria-hidden />}
      <span className="sr-only">, sort</span>
    </Link>
  );
}
