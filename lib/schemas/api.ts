import { z } from "zod";
import { emailSchema } from "./users";
import { descriptionSchema, idSchema, MAX_BULK, MAX_MEMBERS, nameSchema, searchSchema, text } from "./common";
import { groupNameSchema, groupSortSchema } from "./groups";

/**
 * Request schemas of the REST API (/api/v1) that the screens' schemas do not already cover: bodies
 * that wrap id lists, partial updates, and list queries (cursor paging). The same field rules as
 * the forms (text(), names, emails) apply.
 */
const ids = (what: string, max: number) =>
  z
    .array(idSchema)
    .min(1, `Send at least one ${what} id.`)
    .max(max, `At most ${max.toLocaleString("en")} at once.`);

export const memberIdsBodySchema = z.strictObject({ userIds: ids("user", MAX_MEMBERS) });
export const roleIdsBodySchema = z.strictObject({ roleIds: ids("role", MAX_BULK) });

const atLeastOne = (value: Record<string, unknown>) => Object.values(value).some((v) => v !== undefined);

export const patchUserSchema = z
  .strictObject({
    email: emailSchema.optional(),
    displayName: nameSchema("display", 100).optional(),
    status: z.enum(["ACTIVE", "DISABLED"], { error: "The status is ACTIVE or DISABLED." }).optional(),
  })
  .refine(atLeastOne, "Send at least one field to change.")
  .refine(
    (v) => v.status === undefined || (v.email === undefined && v.displayName === undefined),
    "Change the status in a request of its own.",
  );

export const patchGroupSchema = z
  .strictObject({ name: groupNameSchema.optional(), description: descriptionSchema.optional() })
  .refine(atLeastOne, "Send at least one field to change.");

/** Applications and roles: name and description. */
export const patchCatalogSchema = (what: string) =>
  z
    .strictObject({ name: nameSchema(what).optional(), description: descriptionSchema.optional() })
    .refine(atLeastOne, "Send at least one field to change.");

// Query parameters arrive as text: text() first (control characters), then the number.
const limit = text()
  .regex(/^\d{1,6}$/, "limit is a number from 1 to 100.")
  .transform(Number)
  .pipe(z.number().int().min(1, "limit is at least 1.").max(100, "limit is at most 100."))
  .default(50);
/** Opaque: the `nextCursor` (or `prevCursor`) of the previous answer. */
const keysetCursor = text().regex(/^(last|[np]\.[A-Za-z0-9_-]{1,990})$/, "Not a cursor this API gave out.");

const dateTime = text().pipe(z.iso.datetime({ offset: true, error: "Send a date-time such as 2026-11-25T10:00:00Z." }));

export const userListQuerySchema = z.strictObject({ q: searchSchema, cursor: keysetCursor.optional(), limit });
export const memberListQuerySchema = userListQuerySchema;
export const groupListQuerySchema = z.strictObject({
  q: searchSchema,
  cursor: keysetCursor.optional(),
  limit,
  sort: z.enum(groupSortSchema.unwrap().options).default("name"),
});
export const catalogListQuerySchema = z.strictObject({
  q: searchSchema,
  cursor: text()
    .regex(/^o\.\d{1,6}$/, "Not a cursor this API gave out.")
    .optional(),
  limit,
});
export const roleListQuerySchema = catalogListQuerySchema.extend({ applicationId: idSchema.optional() });
export const auditListQuerySchema = z.strictObject({
  actor: searchSchema.optional(),
  target: searchSchema.optional(),
  targetType: z.enum(["user", "group", "role", "application", "provider", "token"]).optional(),
  action: text().trim().max(64).optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  cursor: text()
    .regex(/^b\.\d{1,19}$/, "Not a cursor this API gave out.")
    .optional(),
  limit,
});
