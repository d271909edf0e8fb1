"use client";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Input, Textarea, fieldProps } from "@/components/ui/field";

export interface NameDescription {
  name: string;
  description: string;
}

type ErrorsOf = Partial<Record<keyof NameDescription, { message?: string }>>;

/** Name and description inputs shared by the group, role and application forms. */
export function NameDescriptionFields({
  register,
  errors,
  prefix,
  descriptionHint,
}: {
  register: (name: keyof NameDescription) => UseFormRegisterReturn;
  errors: ErrorsOf;
  prefix: string;
  descriptionHint?: string;
}) {
  const nameError = errors.name?.message;
  const descriptionError = errors.description?.message;
  return (
    <>
      <Field id={`${prefix}-name`} label="Name" error={nameError}>
        <Input autoComplete="off" {...fieldProps(`${prefix}-name`, nameError)} {...register("name")} />
      </Field>
      <Field id={`${prefix}-description`} label="Description" error={descriptionError} hint={descriptionHint}>
        <Textarea
          rows={3}
          {...fieldProps(`${prefix}-description`, descriptionError, descriptionHint)}
          {...register("description")}
        />
      </Field>
    </>
  );
}

export function ReadOnlyValue({
  label,
  value,
  mono,
  hint,
}: {
  label: string;
  value: string;
  mono?: boolean;
  hint?: string;
}) {
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <p className={mono ? "font-mono text-sm text-slate-700" : "text-sm text-slate-700"}>{value}</p>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
