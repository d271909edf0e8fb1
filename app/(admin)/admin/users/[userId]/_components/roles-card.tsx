import Link from "next/link";
import { Fragment } from "react";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { EffectiveRoleDto } from "@/lib/dal/access";
import { SHOWN_SOURCES, collapse, countsByApplication, slicePage } from "@/lib/pages/paging";
import { AddRoleForm } from "./add-role-form";
import { RemoveGrantButton } from "./remove-grant-button";
import { count } from "@/lib/text/plural";

type Params = { rpage?: string; gpage?: string; sources?: string };

/**
 * Every effective role with its sources (rule 3), 20 to a page (`rpage`); only direct grants can be
 * removed here (rule 4). A role inherited from many groups names two and links "and N more groups"
 * to its full list (`sources=<roleId>`), so a user in 150 groups gets a page of normal size.
 */
export function RolesCard({
  userId,
  username,
  roles,
  canEdit,
  params,
}: {
  userId: string;
  username: string;
  roles: EffectiveRoleDto[];
  /** May grant and remove direct grants (grants:write). */
  canEdit: boolean;
  params: Params;
}) {
  const page = slicePage(roles, params.rpage);
  const direct = roles.filter((role) => role.direct).length;
  const sourcesHref = (roleId?: string) => {
    const search = new URLSearchParams();
    for (const key of ["rpage", "gpage"] as const) if (params[key]) search.set(key, params[key]);
    if (roleId) search.set("sources", roleId);
    return `?${search}#role-${roleId ?? params.sources}`;
  };
  const sourcesOf = (role: EffectiveRoleDto) => {
    const { head, more } = collapse(role.inheritedFrom, params.sources === role.roleId);
    return (
      <>
        <GroupLinks groups={head} />
        {more > 0 && (
          <>
            {" and "}
            <Link href={sourcesHref(role.roleId)} className={linkClass}>
              {more} more groups
            </Link>
          </>
        )}
        {params.sources === role.roleId && role.inheritedFrom.length > SHOWN_SOURCES + 1 && (
          <>
            {" "}
            <Link href={sourcesHref()} className="text-xs text-slate-500 hover:underline">
              Show fewer
            </Link>
          </>
        )}
      </>
    );
  };
  return (
    <Card aria-labelledby="roles" className="mt-6">
      <CardHeader
        id="roles"
        title="Roles"
        description={
          roles.length === 0
            ? "Effective roles: granted directly, or inherited from a group."
            : `Effective roles: granted directly, or inherited from a group. ${count(roles.length, "role")} (${countsByApplication(roles)}), ${direct} direct.`
        }
      />
      {canEdit && (
        <div className="border-b border-slate-200 px-5 py-4">
          <AddRoleForm userId={userId} />
        </div>
      )}
      {roles.length === 0 ? (
        <EmptyState title={`${username} holds no roles.`}>
          {canEdit ? "Add them to a group, or grant a role directly above." : null}
        </EmptyState>
      ) : (
        <Table aria-label="Effective roles">
          <thead>
            <tr>
              <Th>Role</Th>
              <Th>Application</Th>
              <Th>Inherited from</Th>
              <Th>Direct</Th>
              {canEdit && (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </tr>
          </thead>
          <tbody>
            {page.items.map((role) => (
              <Tr key={role.roleId} id={`role-${role.roleId}`}>
                <Td>
                  <span className="font-medium text-slate-900">{role.name}</span>
                  <span className="block font-mono text-xs text-slate-500">{role.claim}</span>
                </Td>
                <Td>{role.applicationName}</Td>
                <Td>{role.inheritedFrom.length === 0 ? <span className="text-slate-400">—</span> : sourcesOf(role)}</Td>
                <Td>{role.direct ? <Badge tone="indigo">Yes</Badge> : <span className="text-slate-500">No</span>}</Td>
                {canEdit && (
                  <ActionsTd>
                    {role.direct ? (
                      <RemoveGrantButton
                        userId={userId}
                        username={username}
                        roleId={role.roleId}
                        roleName={role.name}
                        keptThrough={keptThrough(role)}
                      />
                    ) : (
                      <p className="ml-auto max-w-64 text-left text-xs text-slate-500">
                        {role.inheritedFrom.length === 1 ? (
                          <>
                            Inherited — remove the user from <GroupLinks groups={role.inheritedFrom} /> or the role from
                            that group.
                          </>
                        ) : (
                          // The groups are named in "Inherited from"; naming them again doubled the row.
                          <>
                            Inherited from {role.inheritedFrom.length} groups — remove the user from each of them or the
                            role from those groups.
                          </>
                        )}
                      </p>
                    )}
                  </ActionsTd>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {page.pageCount > 1 && (
        <Pagination
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          noun="role"
          params={params}
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

function GroupLinks({ groups }: { groups: { id: string; name: string }[] }) {
  return groups.map((group, i) => (
    <Fragment key={group.id}>
      {i > 0 && ", "}
      <Link href={`/admin/groups/${group.id}`} className={linkClass}>
        {group.name}
      </Link>
    </Fragment>
  ));
}
