"use client";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { unlinkIdentityAction } from "../actions";

export function UnlinkIdentityButton({
  userId,
  username,
  providerId,
  providerName,
  subject,
  assertedGroups,
  hasPassword,
}: {
  userId: string;
  username: string;
  providerId: string;
  providerName: string;
  subject: string;
  /** Groups this provider alone keeps the user in: unlinking ends those memberships. */
  assertedGroups: string[];
  hasPassword: boolean;
}) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Unlink ${providerName}`}>
          Unlink
        </Button>
      }
      title={`Unlink ${username} from ${providerName}?`}
      description={`Signing in through ${providerName} as ${subject} will no longer sign in as ${username}.`}
      confirmLabel="Unlink"
      onConfirm={async () => {
        const result = await unlinkIdentityAction(userId, providerId, subject);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${username} was unlinked from ${providerName}.`);
        return true;
      }}
    >
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        {assertedGroups.length > 0 ? (
          <li>
            {username} leaves {assertedGroups.join(", ")}: {providerName} alone keeps them there.
          </li>
        ) : (
          <li>No group membership depends on {providerName} alone.</li>
        )}
        {!hasPassword && <li>{username} has no Gatehouse password: set one, or they can no longer sign in.</li>}
      </ul>
    </ConfirmDialog>
  );
}
