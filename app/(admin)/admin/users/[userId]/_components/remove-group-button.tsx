"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Impact } from "@/lib/dal/impact";
import { previewRemoveFromGroupAction, removeFromGroupAction } from "../actions";
import { LeavingImpact } from "./leaving-impact";

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
  const [impact, setImpact] = useState<Impact | "loading" | { error: string }>("loading");
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Remove from ${groupName}`}>
          Remove
        </Button>
      }
      title={`Remove ${username} from ${groupName}?`}
      confirmLabel="Remove from group"
      confirmDisabled={impact === "loading"}
      onOpen={async () => {
        setImpact("loading");
        const result = await previewRemoveFromGroupAction(userId, groupId);
        setImpact(result.ok ? result.data : { error: result.error });
      }}
      onConfirm={async () => {
        const result = await removeFromGroupAction(userId, groupId);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${username} was removed from ${groupName}.`);
        return true;
      }}
    >
      {impact === "loading" ? (
        <p className="text-sm text-slate-500" role="status">
          Working out what changes…
        </p>
      ) : "error" in impact ? (
        <p role="alert" className="text-sm text-red-700">
          {impact.error}
        </p>
      ) : (
        <LeavingImpact impact={impact} username={username} />
      )}
    </ConfirmDialog>
  );
}
