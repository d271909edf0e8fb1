import Link from "next/link";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { linkClass } from "@/components/ui/table";
import type { UserAccessDto } from "@/lib/dal/access";
import { showsStages, type StageRef } from "@/lib/access/stages";
import { formatWhen } from "@/components/audit/audit-list";
import { slicePage } from "@/lib/pages/paging";
import { AddGroupsForm } from "./add-groups-form";
import { RemoveGroupButton } from "./remove-group-button";
import { viaScimLabel } from "@/components/memberships/via-scim";

export function GroupsCard({
  userId,
  username,
  groups,
  stages = [],
  className,
  canEdit,
  params,
}: {
  userId: string;
  username: string;
  groups: UserAccessDto["groups"];
  stages?: StageRef[];
  className?: string;
  /** May add and remove memberships (members:write). */
  canEdit: boolean;
  /** The page's search parameters: `gpage` is this list's page (25 groups to a page). */
  params: Record<string, string | undefined>;
}) {
  const page = slicePage(groups, params.gpage);
  // With two or more stages, each group says which stage its roles apply in.
  const stageName = showsStages(stages) ? new Map(stages.map((s) => [s.id, s.name])) : null;
  return (
    <Card aria-labelledby="groups" className={className}>
      <CardHeader id="groups" title="Groups" description="The user inherits every role of each group." />
      {canEdit && (
        <div className="border-b border-slate-200 px-5 py-4">
          <AddGroupsForm userId={userId} />
        </div>
      )}
      {groups.length === 0 ? (
        <EmptyState title={`${username} is not in any group.`}>
          {canEdit ? "Add them to a group to grant its roles." : null}
        </EmptyState>
      ) : (
        <ul aria-label="Groups of the user" className="divide-y divide-slate-100">
          {page.items.map((group) => (
            <li key={group.id} className="flex items-start justify-between gap-4 px-5 py-3">
              <div className="min-w-0">
                <Link href={`/admin/groups/${group.id}`} className={linkClass}>
                  {group.name}
                </Link>
                <p className="text-xs break-words text-slate-500">
                  {stageName && `${stageName.get(group.stageId)} · `}
                  {group.description ? `${group.description} · ` : ""}member since {formatWhen(group.joinedAt)}
                  {group.viaProvider &&
                    (group.manual
                      ? ` · added by hand and via ${group.viaProvider}`
                      : ` · via ${group.viaProvider} sign-in`)}
                  {group.viaScim !== undefined && ` · ${viaScimLabel(group.viaScim)}`}
                </p>
              </div>
              {canEdit && (
                <RemoveGroupButton
                  userId={userId}
                  username={username}
                  groupId={group.id}
                  groupName={group.name}
                  assertedBy={group.viaProviderId ? { id: group.viaProviderId, name: group.viaProvider! } : null}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {page.pageCount > 1 && (
        <Pagination
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          noun="group"
          params={params}
          pageParam="gpage"
          fragment="groups"
        />
      )}
    </Card>
  );
}
