"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { Controller, useForm, type Path } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { SinglePicker } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { searchApplicationsAction } from "@/lib/actions/search";
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
      for (const [field, message] of Object.entries(result.fieldErrors ?? {}))
        form.setError((field === "applicationId" ? "application" : field) as Path<Values>, { message });
      if (!result.fieldErrors) toast.error(result.error);
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(defaults);
      }}
    >
      <DialogTrigger asChild>
        <Button>Create role</Button>
      </DialogTrigger>
      <DialogContent title="Create role">
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <Field id="role-application" label="Application" error={errors.application?.message}>
            <Controller
              control={form.control}
              name="application"
              render={({ field }) => (
                <SinglePicker
                  id="role-application"
                  label="Application"
                  placeholder="Search applications"
                  search={searchApplicationsAction}
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
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              Create role
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
