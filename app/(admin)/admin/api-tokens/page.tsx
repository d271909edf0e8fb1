import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { PERMISSION_LABELS, TOKEN_PERMISSIONS } from "@/lib/access/permissions";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listTokens, type TokenDto } from "@/lib/dal/api-tokens";
import { formatWhen } from "@/lib/text/dates";
import { CreateTokenDialog } from "./_components/create-token-dialog";
import { RevokeTokenButton } from "./_components/revoke-token-button";

export const metadata: Metadata = { title: "API tokens" };

const STATUS_BADGE = {
  active: <Badge tone="green">Active</Badge>,
  expired: <Badge tone="amber">Expired</Badge>,
  revoked: <Badge tone="red">Revoked</Badge>,
} as const;

export default async function ApiTokensPage() {
  const actor = await requirePage("/admin/api-tokens");
  const tokens = await listTokens(actor);
  const mayWrite = can(actor, "tokens:write");
  const grantable = TOKEN_PERMISSIONS.filter((permission) => actor.permissions.has(permission));
  const create = mayWrite ? <CreateTokenDialog permissions={grantable} /> : undefined;
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and provisioning (the REST API at /api/v1 and SCIM at /scim/v2) act with some of your permissions. Every change made with one is audited as the token."
        actions={create}
      />
      <Card>
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet" action={create}>
            Create one for each script or directory that should reach Gatehouse, with only the permissions it needs.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Permissions</Th>
                <Th>Created</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                {mayWrite && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <TokenRow key={token.id} token={token} mayWrite={mayWrite} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

function TokenRow({ token, mayWrite }: { token: TokenDto; mayWrite: boolean }) {
  return (
    <Tr>
      <Td>
        <span className="font-medium whitespace-nowrap text-slate-900">{token.name}</span>
        <span className="block font-mono text-xs text-slate-500">{token.hint}…</span>
      </Td>
      <Td>
        <ul className="flex max-w-xs flex-wrap gap-1">
          {token.permissions.map((permission) => (
            <li key={permission}>
              <Badge tone="indigo" title={PERMISSION_LABELS[permission]}>
                {permission}
              </Badge>
            </li>
          ))}
        </ul>
      </Td>
      <Td className="text-xs whitespace-nowrap text-slate-600">
        {formatWhen(token.createdAt)}
        <span className="block">by {token.createdByName}</span>
      </Td>
      <Td className="text-xs whitespace-nowrap text-slate-600">{formatWhen(token.expiresAt)}</Td>
      <Td className="text-xs whitespace-nowrap text-slate-600">
        {token.lastUsedAt ? formatWhen(token.lastUsedAt) : "Never"}
      </Td>
      <Td>
        {STATUS_BADGE[token.status]}
        {token.revokedByName && <span className="block text-xs text-slate-500">by {token.revokedByName}</span>}
      </Td>
      {mayWrite && (
        <Td className="text-right">
          {token.status !== "revoked" && <RevokeTokenButton id={token.id} name={token.name} />}
        </Td>
      )}
    </Tr>
  );
}
