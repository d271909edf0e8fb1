"use client";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { removeGrantAction } from "../actions";

export function RemoveGrantButton({
  userId,
  username,
  roleId,
  roleName,
  keptThrough,
}: {
  userId: string;
  username: string;
  roleId: string;
  roleName: string;
  keptThrough: string[];
}) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Remove direct grant of ${roleName}`}>
          Remove
        </Button>
      }
      title={`Remove the direct grant of ${roleName}?`}
      description={
        keptThrough.length > 0
          ? `${username} keeps ${roleName} through ${keptThrough.join(", ")}.`
          : `${username} loses ${roleName} at their next request.`
      }
      confirmLabel="Remove grant"
      onConfirm={async () => {
        const result = await removeGrantAction(userId, roleId);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`The direct grant of ${roleName} was removed.`);
        return true;
      }}
    />
  );
}
