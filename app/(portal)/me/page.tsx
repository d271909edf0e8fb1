import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/actor";
import { showsStages } from "@/lib/access/stages";
import { getMyAccess, type EffectiveRoleDto } from "@/lib/dal/access";
import { hasOwnPassword } from "@/lib/dal/account";
import { SHOWN_SOURCES, collapse, countsByApplication, slicePage } from "@/lib/pages/paging";
import { ChangePasswordForm } from "./_components/change-password-form";
import { count } from "@/lib/text/plural";

export const metadata: Metadata = { title: "My access" };

type Query = { denied?: string; rpage?: string; gpage?: string; sources?: string };

/** Groups and roles are paged 20 at a time (`gpage`, `rpage`) so a user in 150 groups gets a normal page. */
export default async function MyAccessPage({ searchParams }: { searchParams: Promise<Query> }) {
  const actor = await requireActor();
  const [raw, access, hasPassword] = await Promise.all([searchParams, getMyAccess(actor), hasOwnPassword(actor)]);
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  const query = { rpage: str(raw.rpage), gpage: str(raw.gpage), sources: str(raw.sources) };
  const denied = str(raw.denied);
  const groups = slicePage(access.groups, query.gpage);
  const roles = slicePage(access.roles, query.rpage);
  const staged = showsStages(access.stages);
  const stageName = new Map(access.stages.map((s) => [s.id, s.name]));
  const byStage = new Map<string, EffectiveRoleDto[]>();
  for (const role of roles.items) byStage.set(role.stageId, [...(byStage.get(role.stageId) ?? []), role]);
  const countIn = new Map<string, number>();
  for (const role of access.roles) countIn.set(role.stageId, (countIn.get(role.stageId) ?? 0) + 1);
  // Per application (and per stage, when there are several): "CRM: 12 roles" heads a page that shows only some.
  const countOf = new Map<string, number>();
  for (const role of access.roles) {
    const key = staged ? `${role.stageId}|${role.applicationName}` : role.applicationName;
    countOf.set(key, (countOf.get(key) ?? 0) + 1);
  }
  return (
    <>
      <PageHeader title="My access" description="Your groups, and every role you hold with where it comes from." />
      {denied && (
        <p
          role="status"
          className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          The admin area needs the Gatehouse Administrator role, which you do not hold.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="profile" className="lg:col-span-1">
          <CardHeader id="profile" title="Profile" />
          <dl className="space-y-3 px-5 py-4 text-sm">
            <Item label="Name">{actor.displayName}</Item>
            <Item label="Username">{actor.username}</Item>
            <Item label="Email">{actor.email}</Item>
          </dl>
        </Card>
        <Card aria-labelledby="my-groups" className="lg:col-span-2">
          <CardHeader
            id="my-groups"
            title="My groups"
            description={`You inherit every role of each group you belong to.${access.groups.length > 1 ? ` You are in ${access.groups.length} groups.` : ""}`}
          />
          {access.groups.length === 0 ? (
            <EmptyState title="You are not in any group yet.">An administrator can add you to groups.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {groups.items.map((group) => (
                <li key={group.id} className="px-5 py-3">
                  <p className="text-sm font-medium text-slate-900">
                    {group.name}
                    {staged && (
                      <Badge className="ml-2" tone="slate">
                        {stageName.get(group.stageId)}
                      </Badge>
                    )}
                  </p>
                  {group.description && <p className="text-sm text-slate-500">{group.description}</p>}
                </li>
              ))}
            </ul>
          )}
          {groups.pageCount > 1 && (
            <Pagination {...groups} noun="group" params={query} pageParam="gpage" fragment="my-groups" />
          )}
        </Card>
      </div>
      <Card aria-labelledby="my-roles" className="mt-6">
        <CardHeader
          id="my-roles"
          title="My roles"
          description={
            access.roles.length > 0
              ? `Grouped by ${staged ? "stage and " : ""}application, with the source of each role. ${count(access.roles.length, "role")}: ${countsByApplication(access.roles)}.`
              : `Grouped by ${staged ? "stage and " : ""}application, with the source of each role.`
          }
        />
        {access.roles.length === 0 ? (
          <EmptyState title="You have no roles yet.">
            Roles come from your groups or are assigned to you directly.
          </EmptyState>
        ) : staged ? (
          // Rule 11: a role is held in a stage. One section per stage, in the stages' order.
          [...byStage].map(([stageId, shown]) => (
            <section key={stageId} aria-labelledby={`stage-${stageId}`} className="border-t border-slate-200">
              <h3 id={`stage-${stageId}`} className="bg-slate-50 px-4 py-2 text-sm font-semibold text-slate-800">
                {stageName.get(stageId)}
                <span className="ml-2 font-normal text-slate-500">{count(countIn.get(stageId) ?? 0, "role")}</span>
              </h3>
              <RolesTable roles={shown} countOf={countOf} query={query} idPrefix={`role-${stageId}-`} />
            </section>
          ))
        ) : (
          <RolesTable roles={roles.items} countOf={countOf} query={query} idPrefix="role-" />
        )}
        {roles.pageCount > 1 && (
          <Pagination {...roles} noun="role" params={query} pageParam="rpage" fragment="my-roles" />
        )}
      </Card>
      <Card aria-labelledby="password" className="mt-6">
        <CardHeader id="password" title="Password" description="Changing it signs out your other sessions." />
        <div className="px-5 py-4">
          {hasPassword ? (
            <ChangePasswordForm />
          ) : (
            <p className="text-sm text-slate-600">
              You sign in through your organisation&apos;s identity provider; there is no Gatehouse password to change.
            </p>
          )}
        </div>
      </Card>
    </>
  );
}

/** One table of roles, with a heading row per application when the page shows only part of it. */
function RolesTable({
  roles,
  countOf,
  query,
  idPrefix,
}: {
  roles: EffectiveRoleDto[];
  countOf: Map<string, number>;
  query: { rpage?: string; gpage?: string; sources?: string };
  idPrefix: string;
}) {
  const byApplication = new Map<string, EffectiveRoleDto[]>();
  for (const role of roles)
    byApplication.set(role.applicationName, [...(byApplication.get(role.applicationName) ?? []), role]);
  const total = (role: EffectiveRoleDto) =>
    countOf.get(role.applicationName) ?? countOf.get(`${role.stageId}|${role.applicationName}`) ?? 0;
  return (
    <Table>
      <thead>
        <tr>
          <Th>Role</Th>
          <Th>Application</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      {[...byApplication].map(([application, shown]) => (
        <tbody key={application} aria-label={application}>
          {total(shown[0]!) > shown.length && (
            <tr>
              <th
                colSpan={3}
                scope="rowgroup"
                className="bg-slate-50 px-4 py-1.5 text-left text-xs font-medium text-slate-600"
              >
                {application}: {total(shown[0]!)} roles
              </th>
            </tr>
          )}
          {shown.map((role) => (
            <Tr key={role.roleId} id={`${idPrefix}${role.roleId}`}>
              <Td>
                <span className="font-medium text-slate-900">{role.name}</span>
                <span className="ml-2 font-mono text-xs text-slate-500">{role.claim}</span>
              </Td>
              <Td>{application}</Td>
              <Td>
                <Sources role={role} query={query} anchor={`${idPrefix}${role.roleId}`} />
              </Td>
            </Tr>
          ))}
        </tbody>
      ))}
    </Table>
  );
}

/** Direct and up to two groups; "and N more groups" opens the full list of that role (`sources`). */
function Sources({
  role,
  query,
  anchor,
}: {
  role: EffectiveRoleDto;
  query: { rpage?: string; gpage?: string; sources?: string };
  anchor: string;
}) {
  const expanded = query.sources === role.roleId;
  const { head, more } = collapse(role.inheritedFrom, expanded);
  const href = (sources?: string) => {
    const search = new URLSearchParams();
    if (query.rpage) search.set("rpage", query.rpage);
    if (query.gpage) search.set("gpage", query.gpage);
    if (sources) search.set("sources", sources);
    return `?${search}#${anchor}`;
  };
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {role.direct && <Badge tone="indigo">Directly assigned</Badge>}
      {head.map((group) => (
        <Badge key={group.id}>Inherited from {group.name}</Badge>
      ))}
      {more > 0 && (
        <Link href={href(role.roleId)} className={`${linkClass} text-xs`}>
          and {more} more groups
        </Link>
      )}
      {expanded && role.inheritedFrom.length > SHOWN_SOURCES + 1 && (
        <Link href={href()} className="text-xs text-slate-500 hover:underline">
          Show fewer
        </Link>
      )}
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
