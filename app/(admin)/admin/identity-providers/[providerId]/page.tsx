import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { ReadOnlyDetails } from "@/components/catalog/read-only-details";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getProvider, listMappings } from "@/lib/dal/identity-providers";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { DeleteProvider } from "../_components/delete-provider";
import { Mappings } from "../_components/mappings";
import { ProviderForm } from "../_components/provider-form";
import { count, plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Identity provider" };

export default async function ProviderPage({ params }: { params: Promise<{ providerId: string }> }) {
  const actor = await requirePage("/admin/identity-providers/[providerId]");
  const { providerId } = await params;
  const provider = await orNotFound(getProvider(actor, providerId));
  const [mappings, stages] = await Promise.all([listMappings(actor, providerId), listStageRefs(actor)]);
  const canEdit = can(actor, "providers:write");
  const host = (await headers()).get("host") ?? "localhost:3000";
  const origin =
    process.env.AUTH_URL?.replace(/\/+$/, "") ??
    `${host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https"}://${host}`;
  const { id: _id, mappingCount: _m, userCount, key, ...initial } = provider;
  return (
    <>
      <PageHeader
        title={provider.name}
        description={`${count(userCount, "user")} ${plural(userCount, "has", "have")} signed in through this provider.`}
        back={
          <Link href="/admin/identity-providers" className="text-indigo-700 hover:underline">
            ← Identity providers
          </Link>
        }
        actions={canEdit ? <DeleteProvider providerId={provider.id} name={provider.name} /> : undefined}
      />
      <Card className="mb-6 px-5 py-4 text-sm">
        <p className="font-medium text-slate-900">Register this callback (redirect) URL in the provider</p>
        <code className="mt-1 block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all">{`${origin}/api/auth/callback/${key}`}</code>
      </Card>
      <Card aria-labelledby="settings">
        <CardHeader id="settings" title="Settings" description={`Key: ${key}`} />
        {canEdit ? (
          <ProviderForm providerId={provider.id} initial={initial} />
        ) : (
          <ReadOnlyDetails
            items={[
              { label: "Display name", value: provider.name },
              { label: "Issuer URL", value: provider.issuer },
              { label: "Client id", value: provider.clientId },
              { label: "Scopes", value: provider.scopes },
              { label: "Groups claim", value: provider.groupsClaim },
              { label: "Status", value: provider.enabled ? "Enabled" : "Disabled" },
            ]}
          />
        )}
      </Card>
      <Card aria-labelledby="mappings" className="mt-6">
        <CardHeader
          id="mappings"
          title="Group mappings"
          description="At every sign-in, users join the groups their groups claim maps to, and leave mapped groups it no longer lists. Memberships added by hand are never removed."
        />
        <Mappings providerId={provider.id} mappings={mappings} canEdit={canEdit} showStages={showsStages(stages)} />
      </Card>
    </>
  );
}
