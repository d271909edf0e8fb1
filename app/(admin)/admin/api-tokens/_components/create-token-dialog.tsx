"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Check, Copy, Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { PERMISSION_LABELS, type Permission } from "@/lib/access/permissions";
import { createTokenSchema, DEFAULT_TOKEN_EXPIRY_DAYS, TOKEN_EXPIRY_DAYS } from "@/lib/schemas/api-tokens";
import { createTokenAction } from "../actions";

type Values = z.input<typeof createTokenSchema>;
const NAME_HINT = "Say what uses it, e.g. ci-sync or entra-provisioning.";
const select = "h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-xs";

/** Create API token: name, permissions (only the creator's own), expiry; then the secret, shown once. */
export function CreateTokenDialog({ permissions }: { permissions: readonly Permission[] }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const defaults: Values = { name: "", permissions: [], expiresInDays: DEFAULT_TOKEN_EXPIRY_DAYS };
  const form = useForm<Values, unknown, z.output<typeof createTokenSchema>>({
    resolver: zodResolver(createTokenSchema),
    defaultValues: defaults,
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createTokenAction(values);
      if (result.ok) setCreated({ name: result.data.name, secret: result.data.secret });
      else showActionError(result, form);
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          form.reset(defaults);
          setCreated(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus className="size-4" aria-hidden /> Create token
        </Button>
      </DialogTrigger>
      {created ? (
        <DialogContent
          title={`Token ${created.name} was created`}
          description="Copy it now and store it in your script's secret store. Gatehouse keeps only a hash: it cannot show it again."
        >
          <ShowSecret secret={created.secret} />
          <DialogFooter>
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent title="Create API token">
          <form onSubmit={onSubmit} noValidate className="space-y-4">
            <Field id="token-name" label="Name" hint={NAME_HINT} error={errors.name?.message}>
              <Input
                autoComplete="off"
                {...fieldProps("token-name", errors.name?.message, NAME_HINT)}
                {...form.register("name")}
              />
            </Field>
            <fieldset
              className="space-y-1.5"
              aria-describedby={errors.permissions ? "token-permissions-error" : undefined}
            >
              <legend className="mb-1.5 text-sm font-medium text-slate-800">Permissions</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {permissions.map((permission) => (
                  <label
                    key={permission}
                    className="flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50"
                  >
                    <input
                      type="checkbox"
                      value={permission}
                      className="mt-0.5 size-4 accent-indigo-600"
                      {...form.register("permissions")}
                    />
                    <span>
                      <span className="block font-mono text-xs text-slate-900">{permission}</span>
                      <span className="block text-xs text-slate-500">{PERMISSION_LABELS[permission]}</span>
                    </span>
                  </label>
                ))}
              </div>
              <p className="text-xs text-slate-500">A token can carry only permissions you hold yourself.</p>
              {errors.permissions && (
                <p id="token-permissions-error" role="alert" className="text-sm text-red-700">
                  {errors.permissions.message ?? errors.permissions.root?.message}
                </p>
              )}
            </fieldset>
            <Field id="token-expiry" label="Expires after" error={errors.expiresInDays?.message}>
              <select id="token-expiry" className={select} {...form.register("expiresInDays", { valueAsNumber: true })}>
                {TOKEN_EXPIRY_DAYS.map((days) => (
                  <option key={days} value={days}>
                    {days} days
                  </option>
                ))}
              </select>
            </Field>
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="secondary">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" pending={pending}>
                Create token
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}

function ShowSecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1.5">
      <label htmlFor="token-secret" className="block text-sm font-medium text-slate-800">
        Token
      </label>
      <div className="flex gap-2">
        <Input
          id="token-secret"
          readOnly
          value={secret}
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied(true);
            } catch {
              toast.error("Copying was blocked by the browser: select the token and copy it yourself.");
            }
          }}
        >
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
