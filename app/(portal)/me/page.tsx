import type { Metadata } from "next";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/actor";
import { getMyAccess, type EffectiveRoleDto } from "@/lib/dal/access";
import { hasOwnPassword } from "@/lib/dal/account";
import { ChangePasswordForm } from "./_components/change-password-form";

export const metadata: Metadata = { title: "My access" };

export default async function MyAccessPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const actor = await requireActor();
  const [{ denied }, access, hasPassword] = await Promise.all([
    searchParams,
    getMyAccess(actor),
    hasOwnPassword(actor),
  ]);
  const byApplication = new Map<string, EffectiveRoleDto[]>();
  for (const role of access.roles)
    byApplication.set(role.applicationName, [...(byApplication.get(role.applicationName) ?? []), role]);
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
            description="You inherit every role of each group you belong to."
          />
          {access.groups.length === 0 ? (
            <EmptyState title="You are not in any group yet.">An administrator can add you to groups.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {access.groups.map((group) => (
                <li key={group.id} className="px-5 py-3">
                  <p className="text-sm font-medium text-slate-900">{group.name}</p>
                  {group.description && <p className="text-sm text-slate-500">{group.description}</p>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card aria-labelledby="my-roles" className="mt-6">
        <CardHeader
          id="my-roles"
          title="My roles"
          description="Grouped by application, with the source of each role."
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
            {[...byApplication].map(([application, roles]) => (
              <tbody key={application} aria-label={application}>
                {roles.map((role) => (
                  <Tr key={role.roleId}>
                    <Td>
                      <span className="font-medium text-slate-900">{role.name}</span>
                      <span className="ml-2 font-mono text-xs text-slate-500">{role.claim}</span>
                    </Td>
                    <Td>{application}</Td>
                    <Td>
                      <Sources role={role} />
                    </Td>
                  </Tr>
                ))}
              </tbody>
            ))}
          </Table>
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

function Sources({ role }: { role: EffectiveRoleDto }) {
  return (
    <div className="flex flex-wrap gap-1.5">
      {role.direct && <Badge tone="indigo">Directly assigned</Badge>}
      {role.inheritedFrom.map((group) => (
        <Badge key={group.id}>Inherited from {group.name}</Badge>
      ))}
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
