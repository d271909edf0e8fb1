import { z } from "zod";
import { MAX_MEMBERS, descriptionSchema, idListSchema, idSchema, nameSchema, text } from "./common";

export const groupNameSchema = nameSchema("group");

export const createGroupSchema = z.strictObject({
  name: groupNameSchema,
  description: descriptionSchema,
  roleIds: idListSchema.default([]),
  memberIds: idListSchema.default([]),
  /** Chosen once, here; the default stage when absent. No other schema accepts a stage: it never changes. */
  stageId: idSchema.optional(),
});
export type CreateGroupInput = z.input<typeof createGroupSchema>;

export const updateGroupSchema = z.strictObject({
  name: groupNameSchema,
  description: descriptionSchema,
});
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;

/** Pasted usernames or emails, one per line or separated by commas, semicolons or spaces. */
export const memberLoginsSchema = text({ multiline: true })
  .transform((text) => [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(text().max(254))
      .min(1, "Enter at least one username or email.")
      .max(MAX_MEMBERS, `At most ${MAX_MEMBERS.toLocaleString("en")} at once.`),
  );

export const groupSortSchema = z.enum(["name", "-name", "members", "-members", "created", "-created"]).catch("name");
