"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { createStageSchema, type CreateStageInput } from "@/lib/schemas/stages";
import { createStageAction } from "../actions";

const DEFAULTS = { key: "", name: "", description: "" };
const KEY_HINT = "Lower case, e.g. qa. Applications ask for claims of a stage by its key; it cannot change later.";

export function CreateStageDialog() {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateStageInput, unknown, z.output<typeof createStageSchema>>({
    resolver: zodResolver(createStageSchema),
    defaultValues: DEFAULTS,
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createStageAction(values);
      if (result.ok) {
        setOpen(false);
        toast.success(`Stage ${values.name} was created.`);
        return;
      }
      showActionError(result, form);
    }),
  );
  const { errors } = form.formState;
  return (
    <FormDialog
      trigger={<Button>Create stage</Button>}
      title="Create stage"
      submitLabel="Create stage"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(DEFAULTS);
      }}
      onSubmit={onSubmit}
    >
      <Field id="stage-key" label="Key" hint={KEY_HINT} error={errors.key?.message}>
        <Input
          autoComplete="off"
          className="font-mono"
          {...fieldProps("stage-key", errors.key?.message, KEY_HINT)}
          {...form.register("key")}
        />
      </Field>
      <NameDescriptionFields register={(n) => form.register(n)} errors={errors} prefix="stage" />
    </FormDialog>
  );
}
