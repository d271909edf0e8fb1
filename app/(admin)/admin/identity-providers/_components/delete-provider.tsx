"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteProviderAction } from "../actions";

export function DeleteProvider({ providerId, name }: { providerId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" className="text-red-700">
          Delete provider
        </Button>
      }
      title={`Delete ${name}?`}
      description="Its sign-in button disappears, and memberships that only this provider asserted end now. Memberships added by hand stay. Users keep their Gatehouse accounts."
      confirmLabel="Delete provider"
      onConfirm={async () => {
        const result = await deleteProviderAction(providerId);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${name} was deleted.`);
        router.push("/admin/identity-providers");
        return true;
      }}
    />
  );
}
