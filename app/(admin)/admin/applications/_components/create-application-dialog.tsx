"use client";
import { CreateKeyedDialog } from "@/components/catalog/create-keyed-dialog";
import { createApplicationSchema } from "@/lib/schemas/roles";
import { createApplicationAction } from "../actions";

export function CreateApplicationDialog() {
  return (
    <CreateKeyedDialog
      noun="Application"
      idPrefix="app"
      keyHint="Lower case, e.g. billing. Role claims start with it; it cannot change later."
      schema={createApplicationSchema}
      action={createApplicationAction}
    />
  );
}
