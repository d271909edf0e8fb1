"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea, fieldProps } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import { showsStages, type StageRef } from "@/lib/access/stages";
import { clientSchema } from "@/lib/schemas/oidc-clients";
import { SecretDialog } from "./secret-dialog";

export interface ClientFormValues {
  name: string;
  type: "CONFIDENTIAL" | "PUBLIC";
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
  assignmentRequired: boolean;
  thirdParty: boolean;
  tokenTtlMinutes: number;
  stageId: string;
}

export const EMPTY_CLIENT: ClientFormValues = {
  name: "",
  type: "CONFIDENTIAL",
  redirectUris: "",
  postLogoutRedirectUris: "",
  backchannelLogoutUri: "",
  assignmentRequired: false,
  thirdParty: false,
  tokenTtlMinutes: 5,
  stageId: "",
};

const STAGE_HINT = "Its tokens carry the groups and roles users have in this stage.";
const URI_HINT = "One per line, compared exactly. https://, or http:// on localhost.";

/** Register a sign-in client, or edit one (its kind cannot change). */
export function ClientFormDialog({
  mode,
  defaults,
  stages,
  save,
  trigger,
}: {
  mode: "create" | "edit";
  defaults: ClientFormValues;
  stages: readonly StageRef[];
  save: (values: ClientFormValues) => Promise<ActionResult<{ clientId: string; clientSecret: string | null } | void>>;
  trigger: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ clientId: string; clientSecret: string | null } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ClientFormValues, unknown, z.output<typeof clientSchema>>({
    resolver: zodResolver(clientSchema) as never,
    defaultValues: defaults,
  });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      const values = form.getValues();
      const result = await save({ ...values, tokenTtlMinutes: Number(values.tokenTtlMinutes) });
      if (!result.ok) return showActionError(result, form);
      setOpen(false);
      if (mode === "create" && result.data) setCreated(result.data);
      else toast.success(`Sign-in client ${values.name} was saved.`);
    }),
  );
  const { errors } = form.formState;
  const type = useWatch({ control: form.control, name: "type" });
  const id = (name: string) => `client-${mode}-${name}`;
  return (
    <>
      <FormDialog
        trigger={trigger}
        title={mode === "create" ? "Register sign-in client" : `Edit ${defaults.name}`}
        description="An application signs users in through Gatehouse with this client and gets their groups and this application's roles in its tokens."
        submitLabel={mode === "create" ? "Register client" : "Save changes"}
        pending={pending}
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) form.reset(defaults);
        }}
        onSubmit={onSubmit}
      >
        <Field id={id("name")} label="Name" error={errors.name?.message}>
          <Input autoComplete="off" {...fieldProps(id("name"), errors.name?.message)} {...form.register("name")} />
        </Field>
        {showsStages(stages) && (
          <Field id={id("stage")} label="Stage" hint={STAGE_HINT} error={errors.stageId?.message}>
            <select
              className="h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-xs"
              {...fieldProps(id("stage"), errors.stageId?.message, STAGE_HINT)}
              {...form.register("stageId")}
            >
              {stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                  {stage.isDefault ? " (default)" : ""}
                </option>
              ))}
            </select>
          </Field>
        )}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Kind of application</legend>
          {(
            [
              ["CONFIDENTIAL", "Web application with a server", "Keeps a client secret; signs in with the code flow."],
              ["PUBLIC", "Single-page or native app", "Cannot keep a secret: PKCE is required."],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                value={value}
                disabled={mode === "edit"}
                className="mt-1"
                {...form.register("type")}
              />
              <span>
                <span className="font-medium text-slate-900">{label}</span>
                <span className="block text-xs text-slate-500">{hint}</span>
              </span>
            </label>
          ))}
          {errors.type?.message && <p className="text-sm text-red-700">{errors.type.message}</p>}
        </fieldset>
        <Field id={id("redirect")} label="Redirect URIs" hint={URI_HINT} error={errors.redirectUris?.message}>
          <Textarea
            rows={3}
            className="font-mono text-xs"
            placeholder={
              type === "PUBLIC"
                ? "https://app.example.com/callback"
                : "https://app.example.com/api/auth/callback/gatehouse"
            }
            {...fieldProps(id("redirect"), errors.redirectUris?.message, URI_HINT)}
            {...form.register("redirectUris")}
          />
        </Field>
        <Field
          id={id("logout")}
          label="Post-logout redirect URIs (optional)"
          error={errors.postLogoutRedirectUris?.message}
        >
          <Textarea
            rows={2}
            className="font-mono text-xs"
            {...fieldProps(id("logout"), errors.postLogoutRedirectUris?.message)}
            {...form.register("postLogoutRedirectUris")}
          />
        </Field>
        <Field
          id={id("backchannel")}
          label="Back-channel logout URI (optional)"
          hint="Gatehouse posts a logout token here when the user is disabled, changes password or is signed out everywhere."
          error={errors.backchannelLogoutUri?.message}
        >
          <Input
            className="font-mono text-xs"
            autoComplete="off"
            {...fieldProps(id("backchannel"), errors.backchannelLogoutUri?.message)}
            {...form.register("backchannelLogoutUri")}
          />
        </Field>
        <Field
          id={id("ttl")}
          label="Token lifetime (minutes)"
          hint="Access and ID tokens; the application refreshes them, and every refresh reads access afresh."
          error={errors.tokenTtlMinutes?.message}
        >
          <Input
            type="number"
            min={1}
            max={60}
            className="w-28"
            {...fieldProps(id("ttl"), errors.tokenTtlMinutes?.message)}
            {...form.register("tokenTtlMinutes")}
          />
        </Field>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" {...form.register("assignmentRequired")} />
          <span>
            <span className="font-medium text-slate-900">Assignment required</span>
            <span className="block text-xs text-slate-500">
              Only users holding a role of this application may sign in.
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" {...form.register("thirdParty")} />
          <span>
            <span className="font-medium text-slate-900">Third-party application</span>
            <span className="block text-xs text-slate-500">Users are asked to consent to what it receives.</span>
          </span>
        </label>
      </FormDialog>
      {created && (
        <SecretDialog
          title="Client registered"
          clientId={created.clientId}
          clientSecret={created.clientSecret}
          onClose={() => setCreated(null)}
        />
      )}
    </>
  );
}

export function RegisterClientButton(props: {
  stages: readonly StageRef[];
  save: (values: ClientFormValues) => Promise<ActionResult<{ clientId: string; clientSecret: string | null }>>;
}) {
  const stageId = props.stages.find((stage) => stage.isDefault)?.id ?? "";
  return (
    <ClientFormDialog
      mode="create"
      defaults={{ ...EMPTY_CLIENT, stageId }}
      stages={props.stages}
      save={props.save}
      trigger={<Button>Register client</Button>}
    />
  );
}
