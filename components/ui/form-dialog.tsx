"use client";
import { Button } from "./button";
import { DialogClose, DialogContent, DialogFooter, DialogOnDemand } from "./dialog";

/** A form in a modal: trigger, title, fields, then Cancel and the submit button (with progress). */
export function FormDialog({
  trigger,
  title,
  description,
  submitLabel,
  pending,
  open,
  onOpenChange,
  onSubmit,
  children,
}: {
  trigger: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  submitLabel: string;
  pending: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: React.FormEventHandler<HTMLFormElement>;
  children: React.ReactNode;
}) {
  return (
    <DialogOnDemand trigger={trigger} open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description={description}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {children}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogOnDemand>
  );
}
