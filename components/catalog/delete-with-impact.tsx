"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import type { RoleDeletionImpact } from "@/lib/dal/roles";
import { DeletionImpact } from "./deletion-impact";

type Preview = RoleDeletionImpact | "loading" | { error: string };

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
  const [impact, setImpact] = useState<Preview>("loading");
  return (
    <ConfirmDialog
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
      confirmDisabled={impact === "loading" || "error" in impact}
      onOpen={async () => {
        setImpact("loading");
        const result = await preview();
        setImpact(result.ok ? result.data : { error: result.error });
      }}
      onConfirm={async () => {
        const result = await remove();
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${what === "role" ? "Role" : "Application"} ${result.data.name} was deleted.`);
        return true;
      }}
    >
      {impact === "loading" ? (
        <p role="status" className="text-sm text-slate-500">
          Working out who is affected…
        </p>
      ) : "error" in impact ? (
        <p role="alert" className="text-sm text-red-700">
          {impact.error}
        </p>
      ) : (
        <DeletionImpact impact={impact} what={what} />
      )}
    </ConfirmDialog>
  );
}
