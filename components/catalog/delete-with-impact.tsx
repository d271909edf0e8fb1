"use client";
import { toast } from "sonner";
import { ConfirmImpactDialog } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/run-action";
import type { RoleDeletionImpact } from "@/lib/dal/roles";
import { DeletionImpact } from "./deletion-impact";

/** Delete button for a role or an application: loads the impact when opened, then asks. */
export function DeleteWithImpact({
  name,
  what,
  preview,
  remove,
}: {
  name: string;
  what: "role" | "application";
  preview: () => Promise<ActionResult<RoleDeletionImpact>>;
  remove: () => Promise<ActionResult<{ name: string }>>;
}) {
  return (
    <ConfirmImpactDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Delete ${name}`}>
          Delete
        </Button>
      }
      title={`Delete ${what} ${name}?`}
      description={
        what === "application"
          ? "Its roles are deleted with it, and everyone holding one of them loses it. This cannot be undone."
          : "Everyone holding it loses it, whether directly or through a group. This cannot be undone."
      }
      confirmLabel={`Delete ${what}`}
      loadImpact={preview}
      renderImpact={(impact) => <DeletionImpact impact={impact} what={what} />}
      onConfirm={remove}
      onDone={() => toast.success(`${what === "role" ? "Role" : "Application"} ${name} was deleted.`)}
    />
  );
}
