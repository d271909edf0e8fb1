import type { Metadata } from "next";
import Link from "next/link";
import { AuditList } from "@/components/audit/audit-list";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { KeysetPagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { ReadOnlyDetails } from "@/components/catalog/read-only-details";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { orNotFound } from "@/lib/pages/or-not-found";
import { recentEventsFor } from "@/lib/dal/audit-log";
import { getGroup } from "@/lib/dal/groups";
import { mappingsOfGroup } from "@/lib/dal/identity-providers";
import { listMembers } from "@/lib/dal/memberships";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { AddMember } from "./_components/add-member";
import { BulkAddMembers } from "./_components/bulk-add-members";
import { GroupDetailsForm } from "./_components/group-details-form";
import { GroupMenu } from "./_components/group-menu";
import { GroupRoles } from "./_components/group-roles";
import { MembersTable } from "./_components/members-table";
import { count } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Edit group" };

type Props = { params: Promise<{ groupId: string }>; searchParams: Promise<{ mq?: string; mpage?: string }> };

export default async function GroupPage({ params, searchParams }: Props) {
  const actor = await requirePage("/admin/groups/[groupId]");
  const [{ groupId }, query] = await Promise.all([params, searchParams]);
  const mq = typeof query.mq === "string" ? query.mq.slice(0, 100) : "";
  // Every read at once (each authorizes itself; for an unknown group the others find nothing and
  // the page is a 404), and the member count is read once for the header and the list.
  const [group, members, history, mappings, stages] = await orNotFound(
    Promise.all([
      getGroup(actor, groupId),
      listMembers(actor, groupId, { q: mq, page: query.mpage }),
      can(actor, "audit:read") ? recentEventsFor(actor, groupId, 8) : null,
      can(actor, "providers:read") ? mappingsOfGroup(actor, groupId) : [],
      listStageRefs(actor),
    ]),
  );
  const staged = showsStages(stages);
  const counts = `${count(group.memberCount, "member")} · ${count(group.roles.length, "role")}`;
  const canEdit = can(actor, "groups:write");
  const canEditMembers = can(actor, "members:write");
  return (
    <>
      <PageHeader
        title={group.name}
        description={staged ? `${group.stage.name} · ${counts}` : counts}
        back={
          <Link href="/admin/groups" className="text-indigo-700 hover:underline">
            ← Groups
          </Link>
        }
        actions={canEdit ? <GroupMenu groupId={group.id} groupName={group.name} /> : undefined}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="details">
          <CardHeader id="details" title="Details" />
          {staged && (
            <dl className="border-b border-slate-200 px-5 py-3 text-sm">
              <dt className="font-medium text-slate-800">Stage</dt>
              <dd className="mt-0.5 text-slate-700">
                {group.stage.name}
                <span className="block text-xs text-slate-500">
                  The group&apos;s roles apply only in {group.stage.name}. A group&apos;s stage cannot be changed.
                </span>
              </dd>
            </dl>
          )}
          {canEdit ? (
            <GroupDetailsForm
              key={`${group.name}|${group.description}`}
              groupId={group.id}
              initial={{ name: group.name, description: group.description }}
            />
          ) : (
            <ReadOnlyDetails
              items={[
                { label: "Name", value: group.name },
                { label: "Description", value: group.description },
              ]}
            />
          )}
        </Card>
        <Card aria-labelledby="roles">
          <CardHeader
            id="roles"
            title="Roles"
            description={
              staged
                ? `Every member inherits these roles in ${group.stage.name}.`
                : "Every member inherits these roles."
            }
          />
          <GroupRoles
            groupId={group.id}
            stageId={staged ? group.stage.id : undefined}
            groupName={group.name}
            roles={group.roles}
            canEdit={can(actor, "grants:write")}
          />
        </Card>
      </div>
      {mappings.length > 0 && (
        <Card aria-labelledby="idp-mappings" className="mt-6">
          <CardHeader
            id="idp-mappings"
            title="Mapped from identity providers"
            description="People whose groups claim lists one of these values join at sign-in."
          />
          <ul className="divide-y divide-slate-100">
            {mappings.map((m) => (
              <li key={m.id} className="px-5 py-2.5 text-sm">
                Mapped from{" "}
                <Link
                  href={`/admin/identity-providers/${m.providerId}`}
                  className="font-medium text-indigo-700 hover:underline"
                >
                  {m.providerName}
                </Link>
                : value <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{m.value}</code>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card aria-labelledby="members" className="mt-6">
        <CardHeader
          id="members"
          title="Members"
          description="People in this group, and how they joined."
          actions={canEditMembers ? <BulkAddMembers groupId={group.id} groupName={group.name} /> : undefined}
        />
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
          {canEditMembers && (
            <div className="w-full max-w-md">
              <AddMember groupId={group.id} groupName={group.name} />
            </div>
          )}
          <SearchForm label="Search members" name="mq" value={mq} />
        </div>
        {members.total === 0 ? (
          mq ? (
            <EmptyState title={`No member matches “${mq}”.`} />
          ) : (
            <EmptyState title="This group has no members yet.">
              {canEditMembers ? "Add people above; they inherit the group’s roles." : null}
            </EmptyState>
          )
        ) : (
          <>
            <MembersTable groupId={group.id} groupName={group.name} members={members.items} canEdit={canEditMembers} />
            <KeysetPagination
              total={members.total}
              shown={members.items.length}
              next={members.next}
              prev={members.prev}
              noun="member"
              params={{ mq }}
              pageParam="mpage"
            />
          </>
        )}
      </Card>
      {history && (
        <Card aria-labelledby="history" className="mt-6">
          <CardHeader
            id="history"
            title="Recent history"
            actions={
              <Link
                href={`/admin/audit?target=${encodeURIComponent(group.name)}`}
                className="text-sm font-medium text-indigo-700 hover:underline"
              >
                Audit log
              </Link>
            }
          />
          <AuditList events={history} empty="No changes recorded for this group yet." showStages={staged} />
        </Card>
      )}
    </>
  );
}
