"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { createProviderSchema, updateProviderSchema, type CreateProviderInput } from "@/lib/schemas/identity-providers";
import { createProviderAction, updateProviderAction } from "../actions";

type Values = CreateProviderInput;
const TEXT_FIELDS: { name: Path<Values>; label: string; hint?: string; type?: string; create?: boolean }[] = [
  { name: "name", label: "Display name", hint: "Shown on the sign-in button: “Sign in with …”." },
  { name: "key", label: "Key", hint: "Lower-case, in the callback URL. Cannot change later.", create: true },
  { name: "issuer", label: "Issuer URL", hint: "Where /.well-known/openid-configuration is found." },
  { name: "clientId", label: "Client id" },
  { name: "clientSecret", label: "Client secret", type: "password" },
  { name: "scopes", label: "Scopes", hint: "Space-separated; must include openid." },
  { name: "groupsClaim", label: "Groups claim", hint: "The ID-token claim that lists the user's groups." },
];

/** Create (no id) or edit an OpenID Connect provider. On edit, an empty secret keeps the stored one. */
export function ProviderForm({
  providerId,
  initial,
}: {
  providerId?: string;
  initial?: Omit<Values, "clientSecret" | "key">;
}) {
  const router = useRouter();
  const editing = Boolean(providerId);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({
    // On edit the key is not part of the form (it is fixed); the update schema has no key.
    resolver: zodResolver(editing ? updateProviderSchema : createProviderSchema) as never,
    defaultValues: initial
      ? { ...initial, clientSecret: "" }
      : { scopes: "openid profile email", groupsClaim: "groups", enabled: true, linkByVerifiedEmail: false },
  });
  const onSubmit = form.handleSubmit(({ key, ...values }) =>
    startTransition(async () => {
      const result = providerId
        ? await updateProviderAction(providerId, values)
        : await createProviderAction({ key, ...values });
      if (result.ok) {
        toast.success(providerId ? "The provider was saved." : `${values.name} was added. Now map its groups.`);
        if (!providerId && result.data) router.push(`/admin/identity-providers/${(result.data as { id: string }).id}`);
        else router.refresh();
        return;
      }
      showActionError(result, form);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 px-5 py-4 sm:grid-cols-2">
      {TEXT_FIELDS.filter((f) => !(editing && f.create)).map((f) => {
        const error = form.formState.errors[f.name]?.message as string | undefined;
        const hint = f.name === "clientSecret" && editing ? "Leave empty to keep the stored secret." : f.hint;
        return (
          <Field key={f.name} id={`idp-${f.name}`} label={f.label} error={error} hint={hint}>
            <Input
              type={f.type ?? "text"}
              autoComplete="off"
              {...fieldProps(`idp-${f.name}`, error, hint)}
              {...form.register(f.name)}
            />
          </Field>
        );
      })}
      <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("enabled")} /> Enabled (shown on the sign-in page)
      </label>
      <div className="sm:col-span-2">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" aria-describedby="idp-link-hint" {...form.register("linkByVerifiedEmail")} /> Link by
          verified email
        </label>
        <p id="idp-link-hint" className="mt-1 pl-6 text-xs text-slate-500">
          At a first sign-in, an existing Gatehouse user with the same email is linked instead of refused, if the
          provider marks the email as verified. Only for a provider that verifies every address it sends.
        </p>
      </div>
      <div className="flex justify-end sm:col-span-2">
        <Button type="submit" pending={pending}>
          {editing ? "Save" : "Add provider"}
        </Button>
      </div>
    </form>
  );
}
