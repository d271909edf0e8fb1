import type { Metadata } from "next";
import Link from "next/link";
import { AuditList } from "@/components/audit/audit-list";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listAuditEvents } from "@/lib/dal/audit-log";
import { getOverview } from "@/lib/dal/overview";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const actor = await requirePage("/admin");
  // The dashboard is open to every admin-area role: each part shows only what the actor may read.
  const [overview, recent] = await Promise.all([
    can(actor, "users:read") && can(actor, "groups:read") && can(actor, "roles:read") ? getOverview(actor) : null,
    can(actor, "audit:read") ? listAuditEvents(actor, { pageSize: 8 }) : null,
  ]);
  const tiles = !overview
    ? []
    : [
        {
          label: "Users",
          value: overview.users,
          href: "/admin/users",
          note: overview.disabledUsers ? `${overview.disabledUsers} disabled` : undefined,
        },
        { label: "Groups", value: overview.groups, href: "/admin/groups" },
        { label: "Roles", value: overview.roles, href: "/admin/roles" },
        { label: "Applications", value: overview.applications, href: "/admin/applications" },
      ];
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome back, ${actor.displayName}.`} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {tiles.map((tile) => (
          <Link
            key={tile.label}
            href={tile.href}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs hover:border-indigo-300"
          >
            <p className="text-sm font-medium text-slate-600">{tile.label}</p>
            <p className="mt-1 text-3xl font-semibold text-slate-900">{tile.value.toLocaleString("en")}</p>
            {tile.note && <p className="mt-1 text-xs text-slate-500">{tile.note}</p>}
          </Link>
        ))}
      </div>
      {recent && (
        <Card className="mt-6" aria-labelledby="recent">
          <CardHeader
            id="recent"
            title="Recent changes"
            actions={
              <Link href="/admin/audit" className="text-sm font-medium text-indigo-700 hover:underline">
                Audit log
              </Link>
            }
          />
          <AuditList events={recent.items} />
        </Card>
      )}
    </>
  );
}
