"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
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
      for (const [field, message] of Object.entries(result.fieldErrors ?? {}))
        form.setError(field as Path<CreateApplicationInput>, { message });
      if (!result.fieldErrors) toast.error(result.error);
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(DEFAULTS);
      }}
    >
      <DialogTrigger asChild>
        <Button>Create application</Button>
      </DialogTrigger>
      <DialogContent title="Create application">
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <Field id="app-key" label="Key" hint={KEY_HINT} error={errors.key?.message}>
            <Input
              autoComplete="off"
              className="font-mono"
              {...fieldProps("app-key", errors.key?.message, KEY_HINT)}
              {...form.register("key")}
            />
          </Field>
          <NameDescriptionFields register={(n) => form.register(n)} errors={errors} prefix="app" />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              Create application
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
