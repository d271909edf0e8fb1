"use client";
import { LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogOnDemand } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import type { Impact } from "@/lib/dal/impact";
import { ImpactSummary } from "./impact-summary";

type Props<I> = {
  /** The button that opens the dialog; leave out and pass `open` to control it from elsewhere (a menu). */
  trigger?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  loadImpact: () => Promise<ActionResult<I>>;
  renderImpact: (impact: I) => React.ReactNode;
  /** An impact the server would refuse (the last administrator): no confirm button. */
  isBlocked?: (impact: I) => boolean;
  onConfirm: () => Promise<ActionResult<unknown>>;
  onDone?: () => void;
};

/** A change through a group: the impact in the group's terms (who loses, who keeps). */
export function ConfirmGroupChange(props: Omit<Props<Impact>, "renderImpact" | "isBlocked">) {
  return (
    <ConfirmImpactDialog
      {...props}
      renderImpact={(impact) => <ImpactSummary impact={impact} />}
      isBlocked={(impact) => impact.removesLastAdmin}
    />
  );
}

/**
 * Asks before a change that takes access away (rule 6): when opened it works out the
 * impact on the server, shows it, and only then offers the confirm button.
 */
export function ConfirmImpactDialog<I>({
  trigger,
  title,
  description,
  confirmLabel,
  loadImpact,
  onConfirm,
  onDone,
  renderImpact,
  isBlocked,
  open: controlledOpen,
  onOpenChange: controlledOnOpenChange,
}: Props<I>) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const open = controlledOpen ?? uncontrolledOpen;
  const setOpen = controlledOnOpenChange ?? setUncontrolledOpen;
  const [impact, setImpact] = useState<ActionResult<I>>();
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
    <DialogOnDemand trigger={trigger} open={open} onOpenChange={setOpen}>
      <DialogContent title={title} description={description}>
        {!impact ? (
          <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
            <LoaderCircle className="size-4 animate-spin" aria-hidden /> Working out who is affected…
          </p>
        ) : impact.ok ? (
          renderImpact(impact.data)
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
            disabled={!impact?.ok || Boolean(isBlocked?.(impact.data))}
            onClick={confirm}
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </DialogOnDemand>
  );
}
