import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import type { UserAccessDto } from "@/lib/dal/access";
import { showsStages, type StageRef } from "@/lib/access/stages";
import { slicePage } from "@/lib/pages/paging";
import { AddGroupsForm } from "./add-groups-form";
import { GroupsList } from "./groups-list";

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
  const stageNames = showsStages(stages) ? Object.fromEntries(stages.map((s) => [s.id, s.name])) : null;
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
        <GroupsList userId={userId} username={username} groups={page.items} stageNames={stageNames} canEdit={canEdit} />
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
