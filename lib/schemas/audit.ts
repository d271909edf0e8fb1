import { z } from "zod";
import { searchSchema, text } from "./common";

const optionalDate = text()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a valid date." });
      return z.NEVER;
    }
    return date;
  });

/** Audit log filters, read from the URL. Unknown values are ignored rather than failing the page. */
export const auditFilterSchema = z.object({
  actor: searchSchema.optional().catch(undefined),
  target: searchSchema.optional().catch(undefined),
  targetType: z
    .enum(["user", "group", "role", "application", "provider", "stage", "signing-key", "token"])
    .optional()
    .catch(undefined),
  action: text().trim().max(64).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  /** Keyset cursor: the id of the last event on the previous page. */
  before: text()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(50).default(50),
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
