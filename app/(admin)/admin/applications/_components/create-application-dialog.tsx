"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import type { z } from "zod";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { createApplicationSchema, type CreateApplicationInput } from "@/lib/schemas/roles";
import { createApplicationAction } from "../actions";

const DEFAULTS = { key: "", name: "", description: "" };
const KEY_HINT = "Lower case, e.g. billing. Role claims start with it; it cannot change later.";

export function CreateApplicationDialog() {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateApplicationInput, unknown, z.output<typeof createApplicationSchema>>({
    resolver: zodResolver(createApplicationSchema),
    defaultValues: DEFAULTS,
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createApplicationAction(values);
      if (result.ok) {
        setOpen(false);
        toast.success(`Application ${values.name} was created.`);
        return;
      }
      showActionError(result, form);
    }),
  );
  const { errors } = form.formState;
  return (
    <FormDialog
      trigger={<Button>Create application</Button>}
      title="Create application"
      submitLabel="Create application"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(DEFAULTS);
      }}
      onSubmit={onSubmit}
    >
      <Field id="app-key" label="Key" hint={KEY_HINT} error={errors.key?.message}>
        <Input
          autoComplete="off"
          className="font-mono"
          {...fieldProps("app-key", errors.key?.message, KEY_HINT)}
          {...form.register("key")}
        />
      </Field>
      <NameDescriptionFields register={(n) => form.register(n)} errors={errors} prefix="app" />
    </FormDialog>
  );
}
