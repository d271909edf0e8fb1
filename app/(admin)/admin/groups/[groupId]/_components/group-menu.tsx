"use client";
import { MoreHorizontal } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DeleteGroupButton } from "../../_components/delete-group-button";

/** Rarely used, destructive actions live behind a menu. */
export function GroupMenu({ groupId, groupName }: { groupId: string; groupName: string }) {
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
      <DeleteGroupButton groupId={groupId} groupName={groupName} open={confirmOpen} onOpenChange={setConfirmOpen} />
    </>
  );
}
