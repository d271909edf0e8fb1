"use client";
import Link from "next/link";
import { toast } from "sonner";
import { ConfirmImpactDialog } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import { linkClass } from "@/components/ui/table";
import { previewRemoveFromGroupAction, removeFromGroupAction } from "../actions";
import { LeavingImpact } from "./leaving-impact";

/** The user's side of leaving a group: what this one person loses and keeps. */
export function RemoveGroupButton({
  userId,
  username,
  groupId,
  groupName,
  assertedBy,
}: {
  userId: string;
  username: string;
  groupId: string;
  groupName: string;
  /** The identity provider whose groups claim puts the user in this group at each sign-in. */
  assertedBy: { id: string; name: string } | null;
}) {
  return (
    <ConfirmImpactDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Remove from ${groupName}`}>
          Remove
        </Button>
      }
      title={`Remove ${username} from ${groupName}?`}
      confirmLabel="Remove from group"
      loadImpact={() => previewRemoveFromGroupAction(userId, groupId)}
      renderImpact={(impact) => (
        <>
          {assertedBy && <ComesBackWarning username={username} groupName={groupName} provider={assertedBy} />}
          <LeavingImpact impact={impact} username={username} />
        </>
      )}
      isBlocked={(impact) => impact.removesLastAdmin}
      onConfirm={() => removeFromGroupAction(userId, groupId)}
      onDone={() => toast.success(`${username} was removed from ${groupName}.`)}
    />
  );
}

function ComesBackWarning({
  username,
  groupName,
  provider,
}: {
  username: string;
  groupName: string;
  provider: { id: string; name: string };
}) {
  return (
    <div role="note" className="mb-4 space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
      <p className="font-medium text-amber-900">
        {provider.name} adds {username} back to {groupName} at their next sign-in.
      </p>
      <p className="text-amber-900">
        Its groups claim maps {username} to this group. To keep them out, remove the mapping instead, or change their
        groups in {provider.name}.{" "}
        <Link href={`/admin/identity-providers/${provider.id}`} className={linkClass}>
          Remove the mapping on {provider.name}&apos;s page
        </Link>
      </p>
    </div>
  );
}
