"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { SinglePicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { grantRolesAction } from "../actions";

export function AddRoleForm({ userId }: { userId: string }) {
  const [role, setRole] = useState<PickerOption | null>(null);
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      if (!role) return;
      const result = await grantRolesAction(userId, [role.id]);
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setRole(null);
      if (result.data.added.length) toast.success(`${role.label} was granted directly.`);
      else toast.info(`${role.label} is already granted directly.`);
    });
  return (
    <div className="flex items-end gap-2">
      <div className="flex-1 space-y-1.5">
        <label htmlFor="add-role" className="block text-sm font-medium text-slate-800">
          Add role
        </label>
        <SinglePicker
          id="add-role"
          label="Add role"
          placeholder="Search roles to grant directly"
          source={searchUrl("roles")}
          value={role}
          onChange={setRole}
        />
      </div>
      <Button onClick={add} pending={pending} disabled={!role}>
        Add
      </Button>
    </div>
  );
}
