import { z } from "zod";
import { descriptionSchema, idSchema, keySchema, nameSchema } from "./common";

export const createApplicationSchema = z.strictObject({
  key: keySchema,
  name: nameSchema("application"),
  description: descriptionSchema,
});
export type CreateApplicationInput = z.input<typeof createApplicationSchema>;

export const updateApplicationSchema = z.strictObject({
  name: nameSchema("application"),
  description: descriptionSchema,
});

export const createRoleSchema = z.strictObject({
  applicationId: idSchema,
  key: keySchema,
  name: nameSchema("role"),
  description: descriptionSchema,
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const updateRoleSchema = z.strictObject({
  name: nameSchema("role"),
  description: descriptionSchema,
});
