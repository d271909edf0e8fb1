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

interface KeyedInput {
  key: string;
  name: string;
  description: string;
}
/** What the form holds before the schema's defaults apply. */
type KeyedFields = Omit<KeyedInput, "description"> & { description?: string };

const DEFAULTS: KeyedFields = { key: "", name: "", description: "" };

/**
 * "Create <noun>" for the catalogue entries named by a permanent key plus a name and a
 * description (applications, stages): the dialog, its validation and the action's errors.
 */
export function CreateKeyedDialog({
  noun,
  idPrefix,
  keyHint,
  schema,
  action,
}: {
  /** Capitalised, as in the button: "Application", "Stage". */
  noun: string;
  idPrefix: string;
  keyHint: string;
  schema: z.ZodType<KeyedInput, KeyedFields>;
  action: (
    input: KeyedInput,
  ) => Promise<{ ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> }>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const form = useForm<KeyedFields, unknown, KeyedInput>({ resolver: zodResolver(schema), defaultValues: DEFAULTS });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action(values);
      if (result.ok) {
        setOpen(false);
        toast.success(`${noun} ${values.name} was created.`);
        return;
      }
      showActionError(result, form);
    }),
  );
  const { errors } = form.formState;
  const title = `Create ${noun.toLowerCase()}`;
  const keyId = `${idPrefix}-key`;
  return (
    <FormDialog
      trigger={<Button>{title}</Button>}
      title={title}
      submitLabel={title}
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(DEFAULTS);
      }}
      onSubmit={onSubmit}
    >
      <Field id={keyId} label="Key" hint={keyHint} error={errors.key?.message}>
        <Input
          autoComplete="off"
          className="font-mono"
          {...fieldProps(keyId, errors.key?.message, keyHint)}
          {...form.register("key")}
        />
      </Field>
      <NameDescriptionFields register={(n) => form.register(n)} errors={errors} prefix={idPrefix} />
    </FormDialog>
  );
}
