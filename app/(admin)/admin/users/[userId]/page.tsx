import type { Metadata } from "next";
import Link from "next/link";
import { AuditList } from "@/components/audit/audit-list";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { linkClass } from "@/components/ui/table";
import { ReadOnlyDetails } from "@/components/catalog/read-only-details";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { getUserAccess } from "@/lib/dal/access";
import { recentEventsFor } from "@/lib/dal/audit-log";
import { identitiesOfUser } from "@/lib/dal/identity-links";
import { getUser } from "@/lib/dal/users";
import { orNotFound } from "@/lib/pages/or-not-found";
import { StatusBadge } from "../_components/status-badge";
import { AccountActions } from "./_components/account-actions";
import { GroupsCard } from "./_components/groups-card";
import { IdentitiesCard } from "./_components/identities-card";
import { ProfileForm } from "./_components/profile-form";
import { RolesCard } from "./_components/roles-card";

export const metadata: Metadata = { title: "User" };

type Query = { rpage?: string; gpage?: string; sources?: string; stage?: string };

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Query>;
}) {
  const actor = await requirePage("/admin/users/[userId]");
  const [{ userId }, raw] = await Promise.all([params, searchParams]);
  const query: Query = {
    rpage: typeof raw.rpage === "string" ? raw.rpage : undefined,
    gpage: typeof raw.gpage === "string" ? raw.gpage : undefined,
    sources: typeof raw.sources === "string" ? raw.sources : undefined,
    stage: typeof raw.stage === "string" ? raw.stage : undefined,
  };
  const [user, access, events, links] = await Promise.all([
    orNotFound(getUser(actor, userId)),
    orNotFound(getUserAccess(actor, userId)),
    can(actor, "audit:read") ? recentEventsFor(actor, userId, 10) : null,
    orNotFound(identitiesOfUser(actor, userId)),
  ]);
  const canEdit = can(actor, "users:write");
  const syncedFrom = links.identities.map((i) => i.providerName).join(" and ");
  return (
    <>
      <PageHeader
        title={user.displayName}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono">{user.username}</span>
            <span aria-hidden>·</span>
            {user.email}
            <StatusBadge status={user.status} />
          </span>
        }
        back={
          <Link href="/admin/users" className={linkClass}>
            ← Users
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="profile">
            <CardHeader
              id="profile"
              title="Profile"
              description={
                syncedFrom
                  ? `Name and email come from ${syncedFrom}: a change made here lasts until the next sign-in through it.`
                  : canEdit
                    ? "Username cannot be changed."
                    : undefined
              }
            />
            {canEdit ? (
              <div className="space-y-5 px-5 py-4">
                <ProfileForm userId={user.id} email={user.email} displayName={user.displayName} />
                <AccountActions
                  userId={user.id}
                  username={user.username}
                  status={user.status}
                  isSelf={user.id === actor.id}
                />
              </div>
            ) : (
              <ReadOnlyDetails
                items={[
                  { label: "Display name", value: user.displayName },
                  { label: "Email", value: user.email },
                ]}
              />
            )}
          </Card>
          <IdentitiesCard
            userId={user.id}
            username={user.username}
            hasPassword={user.hasPassword}
            identities={links.identities}
            providers={links.providers}
            groups={access.groups}
            canEdit={canEdit}
          />
        </div>
        <GroupsCard
          className="lg:col-span-3"
          userId={user.id}
          username={user.username}
          groups={access.groups}
          stages={access.stages}
          canEdit={can(actor, "members:write")}
          params={query}
        />
      </div>
      <RolesCard
        userId={user.id}
        username={user.username}
        roles={access.roles}
        stages={access.stages}
        canEdit={can(actor, "grants:write")}
        params={query}
      />
      {events && (
        <Card aria-labelledby="history" className="mt-6">
          <CardHeader
            id="history"
            title="Recent history"
            description="The latest changes to this user, their groups and their roles."
            actions={
              <Link href={`/admin/audit?target=${encodeURIComponent(user.username)}`} className={linkClass}>
                Full history
              </Link>
            }
          />
          <AuditList
            events={events}
            empty="No changes recorded for this user yet."
            showStages={access.stages.length > 1}
          />
        </Card>
      )}
    </>
  );
}
