"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { changeOwnPasswordSchema, type ChangeOwnPasswordInput } from "@/lib/schemas/users";
import { changePasswordAction } from "../actions";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password", hint: "At least 12 characters." },
  { name: "confirmPassword", label: "Repeat the new password", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm() {
  const [pending, startTransition] = useTransition();
  const form = useForm<ChangeOwnPasswordInput>({
    resolver: zodResolver(changeOwnPasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await changePasswordAction(values);
      if (result.ok) {
        form.reset();
        toast.success("Your password was changed. Other sessions were signed out.");
        return;
      }
      showActionError(result, form);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
      {FIELDS.map((f) => {
        const error = form.formState.errors[f.name]?.message;
        const hint = "hint" in f ? f.hint : undefined;
        return (
          <Field key={f.name} id={f.name} label={f.label} error={error} hint={hint}>
            <Input
              type="password"
              autoComplete={f.autoComplete}
              {...fieldProps(f.name, error, hint)}
              {...form.register(f.name)}
            />
          </Field>
        );
      })}
      <Button type="submit" pending={pending}>
        Change password
      </Button>
    </form>
  );
}
