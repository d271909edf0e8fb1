"use client";
import { Dialog as D, Slot } from "radix-ui";
import { X } from "lucide-react";
import { useState } from "react";
import { cn } from "./cn";

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

/**
 * A dialog with its trigger, mounted when first opened: until then only the trigger renders, so a
 * table with a dialog on every row renders 25 buttons rather than 25 dialogs (about a millisecond
 * of the groups page's server render). From then on it is an ordinary Radix dialog: focus moves
 * into it, Esc closes it, and focus returns to the trigger. Without `trigger`, `open` opens it
 * from elsewhere (a menu).
 */
export function DialogOnDemand({
  trigger,
  open,
  onOpenChange,
  children,
}: {
  trigger?: React.ReactNode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: React.ReactNode;
}) {
  const [used, setUsed] = useState(open);
  // Opened from elsewhere before its trigger was ever clicked: mount from now on.
  if (open && !used) setUsed(true);
  if (!used) {
    return trigger ? (
      <Slot.Root
        aria-haspopup="dialog"
        aria-expanded={false}
        onClick={() => {
          setUsed(true);
          onOpenChange(true);
        }}
      >
        {trigger}
      </Slot.Root>
    ) : null;
  }
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <D.Trigger asChild>{trigger}</D.Trigger>}
      {children}
    </D.Root>
  );
}

/** An accessible modal (Radix): focus is trapped, Esc closes, focus returns to the trigger. */
export function DialogContent({
  title,
  description,
  children,
  className,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
      <D.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-50 max-h-[85vh] w-[min(92vw,32rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <div className="mb-4 flex items-start justify-between gap-4">
          <D.Title className="text-lg font-semibold text-slate-900">{title}</D.Title>
          <D.Close className="rounded p-1 text-slate-500 hover:bg-slate-100" aria-label="Close">
            <X className="size-4" aria-hidden />
          </D.Close>
        </div>
        {description && <D.Description className="mb-4 text-sm text-slate-600">{description}</D.Description>}
        {children}
      </D.Content>
    </D.Portal>
  );
}

export function DialogFooter({ children }: { children: React.ReactNode }) {
  return <div className="mt-6 flex justify-end gap-2">{children}</div>;
}
