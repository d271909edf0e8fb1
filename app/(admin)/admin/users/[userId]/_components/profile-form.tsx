"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { updateUserSchema, type UpdateUserInput } from "@/lib/schemas/users";
import { updateUserAction } from "../actions";

const FIELDS = [
  { name: "displayName", label: "Display name", type: "text" },
  { name: "email", label: "Email", type: "email" },
] as const;

export function ProfileForm({ userId, email, displayName }: { userId: string; email: string; displayName: string }) {
  const [pending, startTransition] = useTransition();
  const form = useForm<UpdateUserInput, unknown, z.output<typeof updateUserSchema>>({
    resolver: zodResolver(updateUserSchema),
    defaultValues: { email, displayName },
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await updateUserAction(userId, values);
      if (result.ok) {
        form.reset(values);
        toast.success("The profile was saved.");
        return;
      }
      showActionError(result, form);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {FIELDS.map((f) => {
        const error = form.formState.errors[f.name]?.message;
        return (
          <Field key={f.name} id={f.name} label={f.label} error={error}>
            <Input type={f.type} autoComplete="off" {...fieldProps(f.name, error)} {...form.register(f.name)} />
          </Field>
        );
      })}
      <Button type="submit" pending={pending}>
        Save
      </Button>
    </form>
  );
}
