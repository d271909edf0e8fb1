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
import { listApplications } from "@/lib/dal/applications";
import { deleteApplicationAction, previewDeleteApplicationAction, updateApplicationAction } from "./actions";
import { listSigningKeys } from "@/lib/dal/oidc-keys";
import { CreateApplicationDialog } from "./_components/create-application-dialog";
import { SigningKeysCard } from "./_components/signing-keys";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; page?: string }>;
}) {
  const actor = await requirePage("/admin/applications");
  const params = await searchParams;
  const canEdit = can(actor, "roles:write");
  const apps = await listApplications(actor, params);
  return (
    <>
      <PageHeader
        title="Applications"
        description="Systems whose access Gatehouse manages. Each application owns its roles and signs its users in through Gatehouse."
        actions={canEdit ? <CreateApplicationDialog /> : undefined}
      />
      <Card aria-label="Applications">
        <div className="border-b border-slate-200 px-4 py-3">
          <SearchForm label="Search applications" value={params.q} />
        </div>
        {apps.items.length === 0 ? (
          <EmptyState title={params.q ? `No applications match “${params.q}”.` : "There are no applications yet."}>
            {params.q ? "Search by name or key." : canEdit ? "Create an application, then give it roles." : null}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Application</Th>
                <Th>Description</Th>
                <Th className="text-right">Roles</Th>
                {canEdit && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody>
              {apps.items.map((app) => (
                <Tr key={app.id}>
                  <Td>
                    <Link href={`/admin/applications/${app.id}`} className={linkClass}>
                      {app.name}
                    </Link>
                    {app.builtIn && (
                      <Badge className="ml-2" tone="amber">
                        Built in
                      </Badge>
                    )}
                    <span className="block font-mono text-xs text-slate-500">{app.key}</span>
                  </Td>
                  <Td className="max-w-md">{app.description || <span className="text-slate-400">—</span>}</Td>
                  <Td className="text-right tabular-nums">
                    <Link
                      href={`/admin/roles?applicationId=${app.id}`}
                      className={linkClass}
                      aria-label={`${app.roleCount} roles of ${app.name}`}
                    >
                      {app.roleCount}
                    </Link>
                  </Td>
                  {canEdit && (
                    <Td>
                      <div className="flex justify-end gap-1">
                        <EditDetailsDialog
                          what="application"
                          keyValue={app.key}
                          defaults={{ name: app.name, description: app.description }}
                          save={updateApplicationAction.bind(null, app.id)}
                        />
                        {!app.builtIn && (
                          <DeleteWithImpact
                            what="application"
                            name={app.name}
                            preview={previewDeleteApplicationAction.bind(null, app.id)}
                            remove={deleteApplicationAction.bind(null, app.id)}
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
        <Pagination page={apps.page} pageCount={apps.pageCount} total={apps.total} noun="application" params={params} />
      </Card>
      {can(actor, "providers:read") && (
        <SigningKeysCard canRotate={can(actor, "providers:write")} keys={await listSigningKeys(actor)} />
      )}
    </>
  );
}
