import { z } from "zod";
import { searchSchema } from "./common";

const optionalDate = z
  .string()
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
  actor: searchSchema.optional(),
  target: searchSchema.optional(),
  targetType: z.enum(["user", "group", "role", "application", "provider"]).optional().catch(undefined),
  action: z.string().trim().max(64).optional(),
  from: optionalDate,
  to: optionalDate,
  /** Keyset cursor: the id of the last event on the previous page. */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(50).default(50),
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
