"use client";
import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ConfirmGroupChange } from "@/components/access/confirm-impact-dialog";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import type { GroupRoleDto } from "@/lib/dal/groups";
import { addRolesToGroupAction, previewRemoveRoleAction, removeRoleFromGroupAction } from "../../actions";

/** The group's roles as removable chips, and a search + Add to assign more (for actors who may grant). */
export function GroupRoles({
  groupId,
  stageId,
  groupName,
  roles,
  canEdit,
}: {
  groupId: string;
  /** With two or more stages: the group's, so the picker offers only roles that may be given there. */
  stageId?: string;
  groupName: string;
  roles: GroupRoleDto[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [picked, setPicked] = useState<PickerOption[]>([]);
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      const result = await addRolesToGroupAction(
        groupId,
        picked.map((p) => p.id),
      );
      if (!result.ok) return void toast.error(result.error);
      const { added, alreadyAssigned } = result.data;
      if (added.length) toast.success(`Added ${added.join(", ")} to ${groupName}.`);
      if (alreadyAssigned.length) toast.info(`Already in the group: ${alreadyAssigned.join(", ")}.`);
      setPicked([]);
      router.refresh();
    });
  return (
    <div className="space-y-4 px-5 py-4">
      {roles.length === 0 ? (
        <EmptyState title="This group has no roles yet.">
          {canEdit ? "Members inherit the roles you add here." : "Members inherit the roles of the group."}
        </EmptyState>
      ) : (
        <ul aria-label="Roles in this group" className="flex flex-wrap gap-2">
          {roles.map((role) => (
            <li
              key={role.id}
              className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-slate-50 py-1 pr-1 pl-3 text-sm"
            >
              <span className="font-medium text-slate-900">{role.name}</span>
              <span className={canEdit ? "text-xs text-slate-500" : "pr-2 text-xs text-slate-500"}>
                {role.applicationName}
              </span>
              {canEdit && (
                <ConfirmGroupChange
                  trigger={
                    <button
                      type="button"
                      aria-label={`Remove ${role.name}`}
                      className="rounded-full p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
                    >
                      <X className="size-3.5" aria-hidden />
                    </button>
                  }
                  title={`Remove ${role.name} from ${groupName}?`}
                  description="Members lose this role unless they hold it directly or through another group."
                  confirmLabel="Remove role"
                  loadImpact={() => previewRemoveRoleAction(groupId, role.id)}
                  onConfirm={() => removeRoleFromGroupAction(groupId, role.id)}
                  onDone={() => {
                    toast.success(`Removed ${role.name} from ${groupName}.`);
                    router.refresh();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="flex items-start gap-2">
          <div className="flex-1">
            <AsyncPicker
              id="add-roles"
              label="Add roles"
              placeholder="Search roles to add"
              source={searchUrl("roles", { stageId })}
              value={picked}
              onChange={setPicked}
            />
          </div>
          <Button onClick={add} pending={pending} disabled={picked.length === 0}>
            Add
          </Button>
        </div>
      )}
    </div>
  );
}
