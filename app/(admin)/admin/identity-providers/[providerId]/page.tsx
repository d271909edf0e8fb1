import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getProvider, listMappings } from "@/lib/dal/identity-providers";
import { DeleteProvider } from "../_components/delete-provider";
import { Mappings } from "../_components/mappings";
import { ProviderForm } from "../_components/provider-form";

export const metadata: Metadata = { title: "Identity provider" };

export default async function ProviderPage({ params }: { params: Promise<{ providerId: string }> }) {
  const actor = await requireAdmin();
  const { providerId } = await params;
  const provider = await orNotFound(getProvider(actor, providerId));
  const mappings = await listMappings(actor, providerId);
  const host = (await headers()).get("host") ?? "localhost:3000";
  const origin =
    process.env.AUTH_URL?.replace(/\/+$/, "") ??
    `${host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https"}://${host}`;
  const { id: _id, mappingCount: _m, userCount, key, ...initial } = provider;
  return (
    <>
      <PageHeader
        title={provider.name}
        description={`${userCount} user${userCount === 1 ? "" : "s"} have signed in through this provider.`}
        back={
          <Link href="/admin/identity-providers" className="text-indigo-700 hover:underline">
            ← Identity providers
          </Link>
        }
        actions={<DeleteProvider providerId={provider.id} name={provider.name} />}
      />
      <Card className="mb-6 px-5 py-4 text-sm">
        <p className="font-medium text-slate-900">Register this callback (redirect) URL in the provider</p>
        <code className="mt-1 block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all">{`${origin}/api/auth/callback/${key}`}</code>
      </Card>
      <Card aria-labelledby="settings">
        <CardHeader id="settings" title="Settings" description={`Key: ${key}`} />
        <ProviderForm providerId={provider.id} initial={initial} />
      </Card>
      <Card aria-labelledby="mappings" className="mt-6">
        <CardHeader
          id="mappings"
          title="Group mappings"
          description="At every sign-in, users join the groups their groups claim maps to, and leave mapped groups it no longer lists. Memberships added by hand are never removed."
        />
        <Mappings providerId={provider.id} mappings={mappings} />
      </Card>
    </>
  );
}
