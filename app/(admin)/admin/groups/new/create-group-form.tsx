"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { showsStages, type StageRef } from "@/lib/access/stages";
import { updateGroupSchema, type UpdateGroupInput } from "@/lib/schemas/groups";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { createGroupAction } from "../actions";

export function CreateGroupForm({ stages, defaultStageId }: { stages: StageRef[]; defaultStageId: string }) {
  const router = useRouter();
  const [stageId, setStageId] = useState(defaultStageId);
  const staged = showsStages(stages);
  const [roles, setRoles] = useState<PickerOption[]>([]);
  const [members, setMembers] = useState<PickerOption[]>([]);
  const [pending, startTransition] = useTransition();
  const form = useForm<UpdateGroupInput>({
    resolver: zodResolver(updateGroupSchema),
    defaultValues: { name: "", description: "" },
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createGroupAction({
        ...values,
        ...(staged ? { stageId } : {}),
        roleIds: roles.map((r) => r.id),
        memberIds: members.map((m) => m.id),
      });
      if (result.ok) {
        toast.success(`Group ${values.name.trim()} was created.`);
        router.push(`/admin/groups/${result.data.id}`);
        return;
      }
      showActionError(result, form);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5 px-5 py-5">
      <NameDescriptionFields
        register={(n) => form.register(n)}
        errors={form.formState.errors}
        prefix="group"
        descriptionHint="Optional. What the group is for."
      />
      {staged && (
        <div className="space-y-1.5">
          <label htmlFor="group-stage" className="block text-sm font-medium text-slate-800">
            Stage
          </label>
          <select
            id="group-stage"
            value={stageId}
            aria-describedby="group-stage-hint"
            onChange={(event) => {
              setStageId(event.target.value);
              // Roles are offered per stage (Gatehouse's own only in the default one): pick again.
              setRoles([]);
            }}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none"
          >
            {stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
                {stage.isDefault ? " (default)" : ""}
              </option>
            ))}
          </select>
          <p id="group-stage-hint" className="text-xs text-slate-500">
            The group&apos;s roles apply only in this stage. It cannot be changed later.
          </p>
        </div>
      )}
      <div className="space-y-1.5">
        <label htmlFor="group-roles" className="block text-sm font-medium text-slate-800">
          Assigned roles
        </label>
        <AsyncPicker
          id="group-roles"
          label="Assigned roles"
          placeholder="Search roles or applications"
          source={searchUrl("roles", staged ? { stageId } : {})}
          value={roles}
          onChange={setRoles}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="group-members" className="block text-sm font-medium text-slate-800">
          Members
        </label>
        <AsyncPicker
          id="group-members"
          label="Members"
          placeholder="Search users by username, name or email"
          source={searchUrl("users")}
          value={members}
          onChange={setMembers}
        />
        <p className="text-xs text-slate-500">Optional. You can add members later too.</p>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-200 pt-4">
        <Button asChild variant="secondary">
          <Link href="/admin/groups">Cancel</Link>
        </Button>
        <Button type="submit" pending={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}
