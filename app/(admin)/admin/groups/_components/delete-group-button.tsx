"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmGroupChange } from "@/components/access/confirm-impact-dialog";
import { deleteGroupAction, previewDeleteGroupAction } from "../actions";

/** Delete with the impact first (rule 6); afterwards back to the groups table with a message. */
/** Opened by its own trigger (the table's Delete), or controlled from elsewhere (the edit page's menu). */
export function DeleteGroupButton({
  groupId,
  groupName,
  ...control
}: {
  groupId: string;
  groupName: string;
} & ({ trigger: React.ReactNode } | { open: boolean; onOpenChange: (open: boolean) => void })) {
  const router = useRouter();
  return (
    <ConfirmGroupChange
      {...control}
      title={`Delete group ${groupName}?`}
      description="Members lose the roles they inherit through this group, unless they hold them another way. This cannot be undone."
      confirmLabel="Delete group"
      loadImpact={() => previewDeleteGroupAction(groupId)}
      onConfirm={() => deleteGroupAction(groupId)}
      onDone={() => {
        toast.success(`Group ${groupName} was deleted.`);
        router.push("/admin/groups");
        router.refresh();
      }}
    />
  );
}
