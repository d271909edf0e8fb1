"use client";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeTokenAction } from "../actions";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Revoke token ${name}`}>
          Revoke
        </Button>
      }
      title={`Revoke token ${name}?`}
      description="Every request with it is refused from now on (401 revoked). This cannot be undone: create a new token to restore access."
      confirmLabel="Revoke token"
      onConfirm={async () => {
        const result = await revokeTokenAction(id);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`Token ${result.data.name} was revoked.`);
        return true;
      }}
    />
  );
}
