"use client";
import { useState, useTransition } from "react";
import { Button } from "./button";
import { DialogClose, DialogContent, DialogFooter, DialogOnDemand } from "./dialog";

/**
 * A button that asks before doing something. `onConfirm` returns true when the work
 * succeeded (the dialog closes) or false to keep it open; `onOpen` may load details.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  children,
  confirmLabel,
  variant = "danger",
  confirmDisabled,
  onOpen,
  onConfirm,
}: {
  trigger: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  children?: React.ReactNode;
  confirmLabel: string;
  variant?: "danger" | "primary";
  confirmDisabled?: boolean;
  onOpen?: () => void;
  onConfirm: () => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <DialogOnDemand
      trigger={trigger}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) onOpen?.();
      }}
    >
      <DialogContent title={title} description={description}>
        {children}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant={variant}
            pending={pending}
            disabled={confirmDisabled}
            onClick={() =>
              startTransition(async () => {
                if (await onConfirm()) setOpen(false);
              })
            }
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </DialogOnDemand>
  );
}
