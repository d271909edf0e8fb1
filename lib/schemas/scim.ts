import { z } from "zod";
import { emailSchema, passwordSchema } from "./users";
import { text } from "./common";

/**
 * What SCIM may write into a user and a group. Directories send user principal names
 * (`alice@contoso.com`) as userName, so SCIM usernames may hold `@` and `+` where the
 * screens' usernames do not; they are lower-cased like every username (case-insensitive).
 */
export const scimUserNameSchema = text()
  .trim()
  .toLowerCase()
  .min(1, "userName is required.")
  .max(254, "userName can be at most 254 characters.")
  .regex(/^[^\s"]+$/, "userName cannot contain spaces or quotes.");

export const scimDisplayNameSchema = text()
  .trim()
  .min(1, "displayName cannot be empty.")
  .max(256, "displayName can be at most 256 characters.");

export const externalIdSchema = text()
  .trim()
  .max(255, "externalId can be at most 255 characters.")
  .nullable()
  .transform((value) => value || null);

/** SCIM booleans; Entra ID sends `"True"`/`"False"` as strings. */
export const scimBooleanSchema = z.union([
  z.boolean(),
  text()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"], { error: "Use true or false." }))
    .transform((value) => value === "true"),
]);

export const scimUserSchema = z.object({
  userName: scimUserNameSchema,
  email: emailSchema,
  displayName: scimDisplayNameSchema,
  active: scimBooleanSchema,
  externalId: externalIdSchema,
  password: passwordSchema.optional(),
});
export type ScimUserInput = z.output<typeof scimUserSchema>;

export const scimGroupSchema = z.object({
  displayName: scimDisplayNameSchema.max(80, "displayName of a group can be at most 80 characters."),
  externalId: externalIdSchema,
});
