"use client";
import { Button } from "@/components/ui/button";
import { useState } from "react";
import { DialogClose, DialogContent, DialogFooter, DialogOnDemand } from "@/components/ui/dialog";
import type { GroupRoleDto } from "@/lib/dal/groups";

/** The Roles cell of the groups table: the role names, opening the "Roles in group" dialog. */
export function RolesInGroupDialog({ groupName, roles }: { groupName: string; roles: GroupRoleDto[] }) {
  const shown = roles.slice(0, 2).map((r) => r.name);
  const more = roles.length - shown.length;
  const [open, setOpen] = useState(false);
  return (
    <DialogOnDemand
      open={open}
      onOpenChange={setOpen}
      trigger={
        <button type="button" className="text-left font-medium text-indigo-700 underline-offset-2 hover:underline">
          {shown.join(", ")}
          {more > 0 && ` +${more} more`}
          <span className="sr-only"> (roles in group {groupName})</span>
        </button>
      }
    >
      <DialogContent title="Roles in group" description={`Every member of ${groupName} inherits these roles.`}>
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {roles.map((role) => (
            <li key={role.id} className="flex items-baseline justify-between gap-4 px-3 py-2 text-sm">
              <span className="font-medium text-slate-900">{role.name}</span>
              <span className="text-slate-500">{role.applicationName}</span>
            </li>
          ))}
        </ul>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Close</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </DialogOnDemand>
  );
}
