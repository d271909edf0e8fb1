"use client";
import { MoreHorizontal } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmImpactDialog } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import { deleteGroupAction, previewDeleteGroupAction } from "../../actions";

/** Rarely used, destructive actions live behind a menu. */
export function GroupMenu({ groupId, groupName }: { groupId: string; groupName: string }) {
  const router = useRouter();
  const [confirmOpen, setConfirmOpen] = useState(false);
  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger asChild>
          <Button variant="secondary" aria-label="More actions">
            <MoreHorizontal className="size-4" aria-hidden /> More
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-40 min-w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Item
              className="cursor-pointer rounded px-3 py-2 text-sm text-red-700 outline-none data-highlighted:bg-red-50"
              onSelect={() => setConfirmOpen(true)}
            >
              Delete group
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ConfirmImpactDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
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
    </>
  );
}
