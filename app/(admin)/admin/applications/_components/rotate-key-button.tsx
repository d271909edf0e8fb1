"use client";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { rotateSigningKeyAction } from "../actions";

export function RotateKeyButton() {
  return (
    <ConfirmDialog
      variant="primary"
      title="Rotate the signing key?"
      description="A new key signs every token from now on. The current key stays published for 24 hours, so applications keep accepting the tokens it signed."
      confirmLabel="Rotate key"
      trigger={<Button variant="secondary">Rotate key</Button>}
      onConfirm={async () => {
        const result = await rotateSigningKeyAction();
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success("The signing key was rotated.");
        return true;
      }}
    />
  );
}
