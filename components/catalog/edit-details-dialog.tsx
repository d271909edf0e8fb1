"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import { updateRoleSchema } from "@/lib/schemas/roles";
import { NameDescriptionFields, ReadOnlyValue, type NameDescription } from "./fields";

/** Edits the name and description of a role, an application or a stage; its key is shown but never changes. */
export function EditDetailsDialog({
  what,
  keyValue,
  context,
  defaults,
  save,
}: {
  what: "role" | "application" | "stage";
  keyValue: string;
  context?: { label: string; value: string };
  defaults: NameDescription;
  save: (values: NameDescription) => Promise<ActionResult<unknown>>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  // Role and application details share one shape; only the messages differ slightly.
  const form = useForm<z.input<typeof updateRoleSchema>, unknown, NameDescription>({
    resolver: zodResolver(updateRoleSchema),
    defaultValues: defaults,
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await save(values);
      if (result.ok) {
        setOpen(false);
        toast.success(`The ${what} was saved.`);
        return;
      }
      showActionError(result, form);
    }),
  );
  return (
    <FormDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Edit ${defaults.name}`}>
          Edit
        </Button>
      }
      title={`Edit ${what}`}
      submitLabel="Save"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(defaults);
      }}
      onSubmit={onSubmit}
    >
      {context && <ReadOnlyValue label={context.label} value={context.value} />}
      <ReadOnlyValue label="Key" value={keyValue} mono hint="Keys never change: applications check them." />
      <NameDescriptionFields
        register={(n) => form.register(n)}
        errors={form.formState.errors}
        prefix={`edit-${what}`}
      />
    </FormDialog>
  );
}
