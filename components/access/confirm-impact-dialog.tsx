"use client";
import { LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import type { Impact } from "@/lib/dal/impact";
import { ImpactSummary } from "./impact-summary";

/**
 * Asks before a change that takes access away (rule 6): when opened it works out the
 * impact on the server, shows it, and only then offers the confirm button.
 */
export function ConfirmImpactDialog({
  trigger,
  title,
  description,
  confirmLabel,
  loadImpact,
  onConfirm,
  onDone,
  open: controlledOpen,
  onOpenChange: controlledOnOpenChange,
}: {
  /** The button that opens the dialog; leave out and pass `open` to control it from elsewhere (a menu). */
  trigger?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  loadImpact: () => Promise<ActionResult<Impact>>;
  onConfirm: () => Promise<ActionResult<unknown>>;
  onDone?: () => void;
}) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const open = controlledOpen ?? uncontrolledOpen;
  const setOpen = controlledOnOpenChange ?? setUncontrolledOpen;
  const [impact, setImpact] = useState<ActionResult<Impact>>();
  const load = useRef(loadImpact);
  useEffect(() => {
    load.current = loadImpact;
  });
  useEffect(() => {
    if (!open) return;
    let live = true;
    void load.current().then((result) => live && setImpact(result));
    return () => {
      live = false;
      setImpact(undefined);
    };
  }, [open]);
  const [pending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      const result = await onConfirm();
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setOpen(false);
      onDone?.();
    });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent title={title} description={description}>
        {!impact ? (
          <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
            <LoaderCircle className="size-4 animate-spin" aria-hidden /> Working out who is affected…
          </p>
        ) : impact.ok ? (
          <ImpactSummary impact={impact.data} />
        ) : (
          <p role="alert" className="text-sm text-red-700">
            {impact.error}
          </p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            pending={pending}
            disabled={!impact?.ok || impact.data.removesLastAdmin}
            onClick={confirm}
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
