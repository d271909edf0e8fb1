"use client";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteStageAction, moveStageAction } from "../actions";

/** Move up / down in the ordered list. */
export function MoveStageButtons({
  stageId,
  name,
  first,
  last,
}: {
  stageId: string;
  name: string;
  first: boolean;
  last: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const move = (direction: "up" | "down") =>
    startTransition(async () => {
      const result = await moveStageAction({ stageId, direction });
      if (!result.ok) toast.error(result.error);
    });
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-label={`Move ${name} up`}
        disabled={first || pending}
        onClick={() => move("up")}
      >
        <ArrowUp className="size-4" aria-hidden />
      </Button>
      <Button
        variant="ghost"
        size="sm"
        aria-label={`Move ${name} down`}
        disabled={last || pending}
        onClick={() => move("down")}
      >
        <ArrowDown className="size-4" aria-hidden />
      </Button>
    </>
  );
}

/** Delete, after a confirmation; the DAL refuses a stage in use and says by how much. */
export function DeleteStageButton({ stageId, name, inUse }: { stageId: string; name: string; inUse: string | null }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Delete ${name}`}>
          Delete
        </Button>
      }
      title={`Delete stage ${name}?`}
      description={
        inUse
          ? `${name} is used by ${inUse}. A stage can be deleted only when no group or direct grant uses it.`
          : `No group or direct grant uses ${name}. Applications that ask for its claims will get an error.`
      }
      confirmLabel="Delete stage"
      confirmDisabled={inUse !== null}
      onConfirm={async () => {
        const result = await deleteStageAction(stageId);
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`Stage ${name} was deleted.`);
        return true;
      }}
    />
  );
}
