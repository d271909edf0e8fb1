import { z } from "zod";
import { descriptionSchema, idSchema, keySchema, nameSchema } from "./common";

export const createStageSchema = z.strictObject({
  key: keySchema,
  name: nameSchema("stage", 40),
  description: descriptionSchema,
});
export type CreateStageInput = z.input<typeof createStageSchema>;

/** The key names the stage in claims (`?stage=qa`) and in applications' configuration: it never changes. */
export const updateStageSchema = z.strictObject({
  name: nameSchema("stage", 40),
  description: descriptionSchema,
});
export type UpdateStageInput = z.input<typeof updateStageSchema>;

export const moveStageSchema = z.strictObject({ stageId: idSchema, direction: z.enum(["up", "down"]) });
