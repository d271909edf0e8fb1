"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { SinglePicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import type { StageRef } from "@/lib/access/stages";
import { grantRolesAction } from "../actions";

/** A direct grant; with two or more stages, in the stage chosen here (the default one preselected). */
export function AddRoleForm({
  userId,
  stages = [],
  defaultStageId,
}: {
  userId: string;
  stages?: StageRef[];
  defaultStageId?: string;
}) {
  const [role, setRole] = useState<PickerOption | null>(null);
  const [stageId, setStageId] = useState(defaultStageId ?? "");
  const [pending, startTransition] = useTransition();
  const stage = stages.find((s) => s.id === stageId);
  const add = () =>
    startTransition(async () => {
      if (!role) return;
      const result = await grantRolesAction(userId, [role.id], stage?.id);
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setRole(null);
      const where = stage ? ` in ${stage.name}` : "";
      if (result.data.added.length) toast.success(`${role.label} was granted directly${where}.`);
      else toast.info(`${role.label} is already granted directly${where}.`);
    });
  return (
    <div className="flex flex-wrap items-end gap-2">
      {stages.length > 1 && (
        <div className="space-y-1.5">
          <label htmlFor="add-role-stage" className="block text-sm font-medium text-slate-800">
            Stage
          </label>
          <select
            id="add-role-stage"
            value={stageId}
            onChange={(event) => {
              setStageId(event.target.value);
              // Roles are offered per stage (Gatehouse's own only in the default one): pick again.
              setRole(null);
            }}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none"
          >
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="min-w-64 flex-1 space-y-1.5">
        <label htmlFor="add-role" className="block text-sm font-medium text-slate-800">
          Add role
        </label>
        <SinglePicker
          id="add-role"
          label="Add role"
          placeholder="Search roles to grant directly"
          source={searchUrl("roles", stage ? { stageId: stage.id } : {})}
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
