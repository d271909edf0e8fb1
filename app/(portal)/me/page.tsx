import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/actor";
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
  const byApplication = new Map<string, EffectiveRoleDto[]>();
  for (const role of roles.items)
    byApplication.set(role.applicationName, [...(byApplication.get(role.applicationName) ?? []), role]);
  const countOf = new Map<string, number>();
  for (const role of access.roles) countOf.set(role.applicationName, (countOf.get(role.applicationName) ?? 0) + 1);
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
                  <p className="text-sm font-medium text-slate-900">{group.name}</p>
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
              ? `Grouped by application, with the source of each role. ${count(access.roles.length, "role")}: ${countsByApplication(access.roles)}.`
              : "Grouped by application, with the source of each role."
          }
        />
        {access.roles.length === 0 ? (
          <EmptyState title="You have no roles yet.">
            Roles come from your groups or are assigned to you directly.
          </EmptyState>
        ) : (
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
                {countOf.get(application)! > shown.length && (
                  <tr>
                    <th
                      colSpan={3}
                      scope="rowgroup"
                      className="bg-slate-50 px-4 py-1.5 text-left text-xs font-medium text-slate-600"
                    >
                      {application}: {countOf.get(application)} roles
                    </th>
                  </tr>
                )}
                {shown.map((role) => (
                  <Tr key={role.roleId} id={`role-${role.roleId}`}>
                    <Td>
                      <span className="font-medium text-slate-900">{role.name}</span>
                      <span className="ml-2 font-mono text-xs text-slate-500">{role.claim}</span>
                    </Td>
                    <Td>{application}</Td>
                    <Td>
                      <Sources role={role} query={query} />
                    </Td>
                  </Tr>
                ))}
              </tbody>
            ))}
          </Table>
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

/** Direct and up to two groups; "and N more groups" opens the full list of that role (`sources`). */
function Sources({
  role,
  query,
}: {
  role: EffectiveRoleDto;
  query: { rpage?: string; gpage?: string; sources?: string };
}) {
  const expanded = query.sources === role.roleId;
  const { head, more } = collapse(role.inheritedFrom, expanded);
  const href = (sources?: string) => {
    const search = new URLSearchParams();
    if (query.rpage) search.set("rpage", query.rpage);
    if (query.gpage) search.set("gpage", query.gpage);
    if (sources) search.set("sources", sources);
    return `?${search}#role-${role.roleId}`;
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
