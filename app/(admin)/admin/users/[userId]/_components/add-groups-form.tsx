"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { addToGroupsAction } from "../actions";

export function AddGroupsForm({ userId }: { userId: string }) {
  const [groups, setGroups] = useState<PickerOption[]>([]);
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      const result = await addToGroupsAction(
        userId,
        groups.map((g) => g.id),
      );
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setGroups([]);
      const { added, alreadyMember } = result.data;
      if (added.length) toast.success(`Added to ${added.join(", ")}.`);
      if (alreadyMember.length) toast.info(`Already a member of ${alreadyMember.join(", ")}.`);
    });
  return (
    <div className="space-y-1.5">
      <label htmlFor="add-groups" className="block text-sm font-medium text-slate-800">
        Add to groups
      </label>
      <div className="flex items-start gap-2">
        <div className="flex-1">
          <AsyncPicker
            id="add-groups"
            label="Add to groups"
            placeholder="Search groups to add"
            source={searchUrl("groups", { notContainingUserId: userId })}
            value={groups}
            onChange={setGroups}
          />
        </div>
        <Button onClick={add} pending={pending} disabled={groups.length === 0}>
          Add
        </Button>
      </div>
    </div>
  );
}
