"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { setPasswordSchema } from "@/lib/schemas/users";
import { setPasswordAction } from "../actions";

const HINT = "At least 12 characters, not too repetitive.";

export function SetPasswordDialog({ userId, username }: { userId: string; username: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const form = useForm<z.input<typeof setPasswordSchema>>({
    resolver: zodResolver(setPasswordSchema),
    defaultValues: { password: "" },
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await setPasswordAction(userId, values);
      if (result.ok) {
        setOpen(false);
        form.reset();
        toast.success(`A new password was set for ${username}.`);
        return;
      }
      if (result.fieldErrors?.password) form.setError("password", { message: result.fieldErrors.password });
      else toast.error(result.error);
    }),
  );
  const error = form.formState.errors.password?.message;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">Set password</Button>
      </DialogTrigger>
      <DialogContent
        title={`Set a password for ${username}`}
        description="Their other sessions are signed out. Share the new password with them safely."
      >
        <form onSubmit={onSubmit} noValidate>
          <Field id="new-password" label="New password" hint={HINT} error={error}>
            <Input
              type="password"
              autoComplete="new-password"
              {...fieldProps("new-password", error, HINT)}
              {...form.register("password")}
            />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              Set password
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
