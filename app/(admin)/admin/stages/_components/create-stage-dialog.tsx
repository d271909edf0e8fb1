"use client";
import { CreateKeyedDialog } from "@/components/catalog/create-keyed-dialog";
import { createStageSchema } from "@/lib/schemas/stages";
import { createStageAction } from "../actions";

export function CreateStageDialog() {
  return (
    <CreateKeyedDialog
      noun="Stage"
      idPrefix="stage"
      keyHint="Lower case, e.g. qa. Applications ask for claims of a stage by its key; it cannot change later."
      schema={createStageSchema}
      action={createStageAction}
    />
  );
}
