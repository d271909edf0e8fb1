import { formatWhen } from "@/lib/text/dates";
import { Card, CardHeader } from "@/components/ui/card";
import type { UserAccessDto } from "@/lib/dal/access";
import type { LinkedIdentityDto } from "@/lib/dal/identity-links";
import { LinkIdentityDialog } from "./link-identity-dialog";
import { UnlinkIdentityButton } from "./unlink-identity-button";

/** How the user signs in through identity providers, and what those providers keep up to date. */
export function IdentitiesCard({
  userId,
  username,
  hasPassword,
  identities,
  providers,
  groups,
  canEdit,
}: {
  userId: string;
  username: string;
  hasPassword: boolean;
  identities: LinkedIdentityDto[];
  providers: { id: string; name: string }[];
  groups: UserAccessDto["groups"];
  /** Link and Unlink only for those who may change users (an auditor reads). */
  canEdit: boolean;
}) {
  const names = identities.map((i) => i.providerName).join(" and ");
  // One identity per provider and user: offer only the providers not linked yet.
  const linkable = providers.filter((p) => !identities.some((i) => i.providerId === p.id));
  return (
    <Card aria-labelledby="identities">
      <CardHeader
        id="identities"
        title="Identity providers"
        description={
          identities.length
            ? `${username} signs in through ${names}. Their name and email are refreshed from it at each sign-in.`
            : `${username} does not sign in through an identity provider.`
        }
        actions={
          canEdit &&
          linkable.length > 0 && <LinkIdentityDialog userId={userId} username={username} providers={linkable} />
        }
      />
      {identities.length > 0 && (
        <ul aria-label="Linked identities" className="divide-y divide-slate-100">
          {identities.map((identity) => (
            <li key={identity.providerId} className="flex items-start justify-between gap-4 px-5 py-3">
              <div className="min-w-0 space-y-0.5">
                <p className="text-sm font-medium text-slate-900">
                  {identity.providerName}
                  {!identity.providerEnabled && <span className="font-normal text-slate-500"> (disabled)</span>}
                </p>
                <p className="text-xs break-all text-slate-600">
                  Subject <span className="font-mono text-slate-800">{identity.subject}</span>
                </p>
                <p className="text-xs text-slate-500">Linked {formatWhen(identity.linkedAt)}</p>
                {identity.lastSignInAt.getTime() - identity.linkedAt.getTime() > 1000 && (
                  <p className="text-xs text-slate-500">Last sign-in {formatWhen(identity.lastSignInAt)}</p>
                )}
              </div>
              {canEdit && (
                <UnlinkIdentityButton
                  userId={userId}
                  username={username}
                  providerId={identity.providerId}
                  providerName={identity.providerName}
                  subject={identity.subject}
                  hasPassword={hasPassword}
                  assertedGroups={groups
                    .filter((g) => g.viaProviderId === identity.providerId && !g.manual)
                    .map((g) => g.name)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
