"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { z } from "zod";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { SinglePicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { createRoleSchema } from "@/lib/schemas/roles";
import { createRoleAction } from "../actions";

const formSchema = createRoleSchema
  .omit({ applicationId: true })
  .extend({ application: z.object({ id: z.string(), label: z.string() }, { error: "Pick an application." }) });
type Values = z.input<typeof formSchema>;
const KEY_HINT = "Lower case, e.g. invoice-approver. Applications check it; it cannot change later.";

export function CreateRoleDialog({ application }: { application: PickerOption | null }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const defaults = { application: application ?? undefined, key: "", name: "", description: "" };
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: defaults,
  });
  const onSubmit = form.handleSubmit(({ application: app, ...values }) =>
    startTransition(async () => {
      const result = await createRoleAction({ ...values, applicationId: app.id });
      if (result.ok) {
        setOpen(false);
        toast.success(`Role ${values.name} was created in ${app.label}.`);
        return;
      }
      showActionError(result, form, { applicationId: "application" });
    }),
  );
  const { errors } = form.formState;
  return (
    <FormDialog
      trigger={<Button>Create role</Button>}
      title="Create role"
      submitLabel="Create role"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(defaults);
      }}
      onSubmit={onSubmit}
    >
      <Field id="role-application" label="Application" error={errors.application?.message}>
        <Controller
          control={form.control}
          name="application"
          render={({ field }) => (
            <SinglePicker
              id="role-application"
              label="Application"
              placeholder="Search applications"
              source={searchUrl("applications")}
              value={field.value ?? null}
              onChange={(option) => field.onChange(option ?? undefined)}
            />
          )}
        />
      </Field>
      <Field id="role-key" label="Key" hint={KEY_HINT} error={errors.key?.message}>
        <Input
          autoComplete="off"
          className="font-mono"
          {...fieldProps("role-key", errors.key?.message, KEY_HINT)}
          {...form.register("key")}
        />
      </Field>
      <NameDescriptionFields register={(n) => form.register(n)} errors={errors} prefix="role" />
    </FormDialog>
  );
}
