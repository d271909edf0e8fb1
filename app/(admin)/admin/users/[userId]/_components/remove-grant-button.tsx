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
  stage,
}: {
  userId: string;
  username: string;
  roleId: string;
  roleName: string;
  keptThrough: string[];
  /** With two or more stages: the stage of the grant, named in the question. */
  stage?: { id: string; name: string };
}) {
  const where = stage ? ` in ${stage.name}` : "";
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Remove direct grant of ${roleName}${where}`}>
          Remove
        </Button>
      }
      title={`Remove the direct grant of ${roleName}${where}?`}
      description={
        keptThrough.length > 0
          ? `${username} keeps ${roleName}${where} through ${keptThrough.join(", ")}.`
          : `${username} loses ${roleName}${where} at their next request.`
      }
      confirmLabel="Remove grant"
      onConfirm={async () => {
        const result = await removeGrantAction(userId, roleId, stage?.id);
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
