import { formatWhen } from "@/lib/text/dates";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { SigningKeyDto } from "@/lib/dal/oidc-keys";
import { issuerUrl } from "@/lib/oidc/urls";
import { RotateKeyButton } from "./rotate-key-button";

/** The OpenID Connect provider's issuer and signing keys, with rotation. */
export function SigningKeysCard({ keys, canRotate }: { keys: SigningKeyDto[]; canRotate: boolean }) {
  return (
    <Card aria-labelledby="signing-keys" className="mt-6">
      <CardHeader
        id="signing-keys"
        title="OpenID Connect signing keys"
        description={
          <>
            Issuer <code className="font-mono text-xs">{issuerUrl()}</code>. After a rotation the previous key stays
            published for 24 hours, so tokens it signed stay valid until they expire.
          </>
        }
        actions={canRotate ? <RotateKeyButton /> : undefined}
      />
      {keys.length === 0 ? (
        <EmptyState title="No signing key yet.">The first sign-in through Gatehouse creates one.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Key id</Th>
              <Th>Created</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <Tr key={key.kid}>
                <Td className="font-mono text-xs">{key.kid}</Td>
                <Td className="text-sm">{formatWhen(key.createdAt)}</Td>
                <Td>
                  {key.retiredAt ? (
                    <Badge tone="amber">Retired, published until {formatWhen(key.publishedUntil!)}</Badge>
                  ) : (
                    <Badge tone="green">Signing</Badge>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
