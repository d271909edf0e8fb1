"use client";
import { toast } from "sonner";
import { ConfirmImpactDialog } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import { previewRemoveFromGroupAction, removeFromGroupAction } from "../actions";
import { LeavingImpact } from "./leaving-impact";

/** The user's side of leaving a group: what this one person loses and keeps. */
export function RemoveGroupButton({
  userId,
  username,
  groupId,
  groupName,
}: {
  userId: string;
  username: string;
  groupId: string;
  groupName: string;
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
      renderImpact={(impact) => <LeavingImpact impact={impact} username={username} />}
      isBlocked={(impact) => impact.removesLastAdmin}
      onConfirm={() => removeFromGroupAction(userId, groupId)}
      onDone={() => toast.success(`${username} was removed from ${groupName}.`)}
    />
  );
}
