"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
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
      showActionError(result, form);
    }),
  );
  const error = form.formState.errors.password?.message;
  return (
    <FormDialog
      trigger={<Button variant="secondary">Set password</Button>}
      title={`Set a password for ${username}`}
      description="Their other sessions are signed out. Share the new password with them safely."
      submitLabel="Set password"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
      onSubmit={onSubmit}
    >
      <Field id="new-password" label="New password" hint={HINT} error={error}>
        <Input
          type="password"
          autoComplete="new-password"
          {...fieldProps("new-password", error, HINT)}
          {...form.register("password")}
        />
      </Field>
    </FormDialog>
  );
}
