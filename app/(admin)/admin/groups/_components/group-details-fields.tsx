"use client";
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { Field, Input, Textarea, fieldProps } from "@/components/ui/field";
import type { UpdateGroupInput } from "@/lib/schemas/groups";

/** Name and description, shared by Create group and the edit page. */
export function GroupDetailsFields({
  register,
  errors,
}: {
  register: UseFormRegister<UpdateGroupInput>;
  errors: FieldErrors<UpdateGroupInput>;
}) {
  return (
    <>
      <Field id="group-name" label="Name" error={errors.name?.message}>
        <Input {...fieldProps("group-name", errors.name?.message)} {...register("name")} />
      </Field>
      <Field
        id="group-description"
        label="Description"
        error={errors.description?.message}
        hint="Optional. What the group is for."
      >
        <Textarea
          rows={2}
          {...fieldProps("group-description", errors.description?.message, "x")}
          {...register("description")}
        />
      </Field>
    </>
  );
}
