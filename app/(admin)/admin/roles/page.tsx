import type { Metadata } from "next";
import Link from "next/link";
import { DeleteWithImpact } from "@/components/catalog/delete-with-impact";
import { EditDetailsDialog } from "@/components/catalog/edit-details-dialog";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { getApplication } from "@/lib/dal/applications";
import { listRoles } from "@/lib/dal/roles";
import { orNotFound } from "@/lib/pages/or-not-found";
import { deleteRoleAction, previewDeleteRoleAction, updateRoleAction } from "./actions";
import { CreateRoleDialog } from "./_components/create-role-dialog";

export const metadata: Metadata = { title: "Roles" };

type Params = { q?: string; page?: string; applicationId?: string };

export default async function RolesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePage("/admin/roles");
  const params = await searchParams;
  const canEdit = can(actor, "roles:write");
  const [roles, application] = await Promise.all([
    listRoles(actor, params),
    params.applicationId ? orNotFound(getApplication(actor, params.applicationId)) : undefined,
  ]);
  return (
    <>
      <PageHeader
        title={application ? `Roles of ${application.name}` : "Roles"}
        description="Each role is a permission of one application. Assign roles to groups, or grant them to a user."
        back={
          application && (
            <Link href="/admin/roles" className={linkClass}>
              ← All roles
            </Link>
          )
        }
        actions={
          canEdit ? (
            <CreateRoleDialog
              application={application && !application.builtIn ? { id: application.id, label: application.name } : null}
            />
          ) : undefined
        }
      />
      <Card aria-label="Roles">
        <div className="border-b border-slate-200 px-4 py-3">
          <SearchForm label="Search roles" value={params.q} keep={{ applicationId: params.applicationId }} />
        </div>
        {roles.items.length === 0 ? (
          <EmptyState title={params.q ? `No roles match “${params.q}”.` : "There are no roles here yet."}>
            {params.q
              ? "Search by role name, key or application."
              : canEdit
                ? "Create a role to start granting it."
                : null}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Role</Th>
                <Th>Application</Th>
                <Th className="text-right">Groups</Th>
                <Th className="text-right">Direct grants</Th>
                {canEdit && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody>
              {roles.items.map((role) => (
                <Tr key={role.id}>
                  <Td>
                    <span className="font-medium text-slate-900">{role.name}</span>
                    {role.builtIn && (
                      <Badge className="ml-2" tone="amber">
                        Built in
                      </Badge>
                    )}
                    <span className="block font-mono text-xs text-slate-500">
                      {role.applicationKey}:{role.key}
                    </span>
                    {role.description && <span className="block text-xs text-slate-500">{role.description}</span>}
                  </Td>
                  <Td>
                    <Link href={`/admin/roles?applicationId=${role.applicationId}`} className={linkClass}>
                      {role.applicationName}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{role.groupCount}</Td>
                  <Td className="text-right tabular-nums">{role.directCount}</Td>
                  {canEdit && (
                    <Td>
                      <div className="flex justify-end gap-1">
                        <EditDetailsDialog
                          what="role"
                          keyValue={`${role.applicationKey}:${role.key}`}
                          context={{ label: "Application", value: role.applicationName }}
                          defaults={{ name: role.name, description: role.description }}
                          save={updateRoleAction.bind(null, role.id)}
                        />
                        {!role.builtIn && (
                          <DeleteWithImpact
                            what="role"
                            name={role.name}
                            preview={previewDeleteRoleAction.bind(null, role.id)}
                            remove={deleteRoleAction.bind(null, role.id)}
                          />
                        )}
                      </div>
                    </Td>
                  )}
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination page={roles.page} pageCount={roles.pageCount} total={roles.total} noun="role" params={params} />
      </Card>
    </>
  );
}
