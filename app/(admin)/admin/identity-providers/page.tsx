import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listProviders } from "@/lib/dal/identity-providers";

export const metadata: Metadata = { title: "Identity providers" };

export default async function ProvidersPage() {
  const actor = await requirePage("/admin/identity-providers");
  const providers = await listProviders(actor);
  const add = can(actor, "providers:write") ? (
    <Button asChild>
      <Link href="/admin/identity-providers/new">
        <Plus className="size-4" aria-hidden /> Add provider
      </Link>
    </Button>
  ) : undefined;
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="Let people sign in with an OpenID Connect provider (Entra ID, Okta, Keycloak…); its groups can place them in Gatehouse groups."
        actions={add}
      />
      <Card>
        {providers.length === 0 ? (
          <EmptyState title="No identity providers yet" action={add}>
            Everyone signs in with a Gatehouse password until one is added.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Issuer</Th>
                <Th>Group mappings</Th>
                <Th>Users</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <Tr key={p.id}>
                  <Td>
                    <Link href={`/admin/identity-providers/${p.id}`} className={linkClass}>
                      {p.name}
                    </Link>
                    <span className="block font-mono text-xs text-slate-500">{p.key}</span>
                  </Td>
                  <Td className="font-mono text-xs break-all">{p.issuer}</Td>
                  <Td className="tabular-nums">{p.mappingCount}</Td>
                  <Td className="tabular-nums">{p.userCount}</Td>
                  <Td>{p.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
