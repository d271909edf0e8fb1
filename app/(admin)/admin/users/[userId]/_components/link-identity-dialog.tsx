"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { linkIdentitySchema, type LinkIdentityInput } from "@/lib/schemas/users";
import { linkIdentityAction } from "../actions";

const SUBJECT_HINT = "The provider's unique id for this person (the sub claim), not their email or username.";
const select =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-xs focus-visible:outline-indigo-600 aria-invalid:border-red-500";

export function LinkIdentityDialog({
  userId,
  username,
  providers,
}: {
  userId: string;
  username: string;
  providers: { id: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const defaults = { providerId: providers.length === 1 ? providers[0]!.id : "", subject: "" };
  const form = useForm<LinkIdentityInput, unknown, z.output<typeof linkIdentitySchema>>({
    resolver: zodResolver(linkIdentitySchema),
    defaultValues: defaults,
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await linkIdentityAction(userId, values);
      if (result.ok) {
        setOpen(false);
        form.reset(defaults);
        toast.success(`${username} was linked to ${providers.find((p) => p.id === values.providerId)?.name}.`);
        return;
      }
      showActionError(result, form);
    }),
  );
  const errors = form.formState.errors;
  return (
    <FormDialog
      trigger={
        <Button variant="secondary" size="sm">
          Link identity
        </Button>
      }
      title={`Link ${username} to a provider identity`}
      description={`Their next sign-in through that provider signs them in as ${username}, and refreshes their name, email and mapped groups from it.`}
      submitLabel="Link identity"
      pending={pending}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(defaults);
      }}
      onSubmit={onSubmit}
    >
      <Field id="link-provider" label="Identity provider" error={errors.providerId?.message}>
        <select
          className={select}
          {...fieldProps("link-provider", errors.providerId?.message)}
          {...form.register("providerId")}
        >
          <option value="">Choose a provider…</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="link-subject" label="Subject (sub)" hint={SUBJECT_HINT} error={errors.subject?.message}>
        <Input
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          {...fieldProps("link-subject", errors.subject?.message, SUBJECT_HINT)}
          {...form.register("subject")}
        />
      </Field>
    </FormDialog>
  );
}
