"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { z } from "zod";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";
import { Button } from "@/components/ui/button";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { createUserSchema } from "@/lib/schemas/users";
import { createUserAction } from "../actions";

// The form holds picked groups as options; the action gets their ids.
const formSchema = createUserSchema
  .omit({ groupIds: true })
  .extend({ groups: z.array(z.object({ id: z.string(), label: z.string() })) });
type Values = z.input<typeof formSchema>;
const PASSWORD_HINT = "At least 12 characters, not too repetitive. Share it with the user safely.";

const TEXT_FIELDS = [
  { name: "username", label: "Username", autoComplete: "off", hint: "Letters, digits, dots, dashes or underscores." },
  { name: "email", label: "Email", autoComplete: "off", type: "email" },
  { name: "displayName", label: "Display name", autoComplete: "off" },
  { name: "password", label: "Initial password", autoComplete: "new-password", type: "password", hint: PASSWORD_HINT },
] as const;

export function CreateUserForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { username: "", email: "", displayName: "", password: "", groups: [] },
  });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const { groups, ...rest } = values;
      const result = await createUserAction({ ...rest, groupIds: groups.map((g) => g.id) });
      if (result.ok) {
        toast.success(`User ${values.username} was created.`);
        router.push(`/admin/users/${result.data.id}`);
        return;
      }
      showActionError(result, form, { groupIds: "groups" });
    }),
  );
  const groupsError = form.formState.errors.groups?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {TEXT_FIELDS.map((f) => {
        const error = form.formState.errors[f.name]?.message;
        const hint = "hint" in f ? f.hint : undefined;
        return (
          <Field key={f.name} id={f.name} label={f.label} error={error} hint={hint}>
            <Input
              type={"type" in f ? f.type : "text"}
              autoComplete={f.autoComplete}
              {...fieldProps(f.name, error, hint)}
              {...form.register(f.name)}
            />
          </Field>
        );
      })}
      <Field
        id="groups"
        label="Groups"
        hint="Optional. The user inherits every role of these groups."
        error={groupsError}
      >
        <Controller
          control={form.control}
          name="groups"
          render={({ field }) => (
            <AsyncPicker
              id="groups"
              label="Groups"
              placeholder="Search groups"
              source={searchUrl("groups")}
              value={field.value}
              onChange={field.onChange}
              invalid={!!groupsError}
              describedBy={groupsError ? "groups-error" : "groups-hint"}
            />
          )}
        />
      </Field>
      <div className="flex gap-2 pt-1">
        <Button type="submit" pending={pending}>
          Create user
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.push("/admin/users")}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
