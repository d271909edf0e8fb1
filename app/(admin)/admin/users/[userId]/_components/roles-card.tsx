import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { StageFilter } from "@/components/stages/stage-filter";
import { showsStages, type StageRef } from "@/lib/access/stages";
import type { EffectiveRoleDto } from "@/lib/dal/access";
import { SHOWN_SOURCES, collapse, countsByApplication, slicePage } from "@/lib/pages/paging";
import { AddRoleForm } from "./add-role-form";
import { RolesTable, type RoleRow } from "./roles-table";
import { count } from "@/lib/text/plural";

type Params = { rpage?: string; gpage?: string; sources?: string; stage?: string };

/**
 * Every effective role with its sources (rule 3), 20 to a page (`rpage`); only direct grants can be
 * removed here (rule 4). A role inherited from many groups names two and links "and N more groups"
 * to its full list (`sources=<roleId>`), so a user in 150 groups gets a page of normal size.
 */
export function RolesCard({
  userId,
  username,
  roles: allRoles,
  stages,
  canEdit,
  params,
}: {
  userId: string;
  username: string;
  roles: EffectiveRoleDto[];
  stages: StageRef[];
  /** May grant and remove direct grants (grants:write). */
  canEdit: boolean;
  params: Params;
}) {
  // Roles are per stage (rule 11): with two or more stages, a Stage column and a filter (?stage=<key>).
  const staged = showsStages(stages);
  const stage = staged ? stages.find((s) => s.key === params.stage) : undefined;
  const roles = stage ? allRoles.filter((role) => role.stageId === stage.id) : allRoles;
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  const rowId = (role: EffectiveRoleDto) => (staged ? `role-${role.stageId}-${role.roleId}` : `role-${role.roleId}`);
  const page = slicePage(roles, params.rpage);
  const direct = roles.filter((role) => role.direct).length;
  const sourcesHref = (role?: EffectiveRoleDto) => {
    const search = new URLSearchParams();
    for (const key of ["rpage", "gpage", "stage"] as const) if (params[key]) search.set(key, params[key]);
    if (role) search.set("sources", role.roleId);
    return `?${search}#${role ? rowId(role) : `role-${params.sources}`}`;
  };
  const rows: RoleRow[] = page.items.map((role) => {
    const expanded = params.sources === role.roleId;
    const { head, more } = collapse(role.inheritedFrom, expanded);
    return {
      rowId: rowId(role),
      roleId: role.roleId,
      name: role.name,
      claim: role.claim,
      applicationName: role.applicationName,
      stage: staged ? { id: role.stageId, name: stageName.get(role.stageId) ?? "" } : undefined,
      sources: head,
      more,
      moreHref: more > 0 ? sourcesHref(role) : undefined,
      fewerHref: expanded && role.inheritedFrom.length > SHOWN_SOURCES + 1 ? sourcesHref() : undefined,
      inheritedCount: role.inheritedFrom.length,
      direct: role.direct,
      keptThrough: role.direct ? keptThrough(role) : [],
    };
  });
  return (
    <Card aria-labelledby="roles" className="mt-6">
      <CardHeader
        id="roles"
        title="Roles"
        description={
          roles.length === 0
            ? "Effective roles: granted directly, or inherited from a group."
            : `Effective roles: granted directly, or inherited from a group${staged ? ", per stage" : ""}. ${count(roles.length, "role")}${stage ? ` in ${stage.name}` : ""} (${countsByApplication(roles)}), ${direct} direct.`
        }
        actions={
          staged ? (
            <StageFilter
              stages={stages}
              current={stage?.key}
              params={{ gpage: params.gpage }}
              label="Show roles of stage"
            />
          ) : undefined
        }
      />
      {canEdit && (
        <div className="border-b border-slate-200 px-5 py-4">
          <AddRoleForm
            // Remounted when the filter changes, so the stage filtered by is the one preselected.
            key={stage?.id ?? "all"}
            userId={userId}
            stages={staged ? stages : []}
            defaultStageId={(stage ?? stages.find((s) => s.isDefault))?.id}
          />
        </div>
      )}
      {roles.length === 0 ? (
        <EmptyState title={`${username} holds no roles${stage ? ` in ${stage.name}` : ""}.`}>
          {canEdit ? "Add them to a group, or grant a role directly above." : null}
        </EmptyState>
      ) : (
        <RolesTable rows={rows} userId={userId} username={username} staged={staged} canEdit={canEdit} />
      )}
      {page.pageCount > 1 && (
        <Pagination
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          noun="role"
          params={{ ...params, stage: stage?.key }}
          pageParam="rpage"
          fragment="roles"
        />
      )}
    </Card>
  );
}

/** The groups a removed grant is still held through, named as far as a sentence can carry them. */
function keptThrough(role: EffectiveRoleDto) {
  const { head, more } = collapse(role.inheritedFrom);
  return more > 0 ? [...head.map((g) => g.name), `${more} more groups`] : head.map((g) => g.name);
}
