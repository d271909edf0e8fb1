import { z } from "zod";

export const MAX_BULK = 1000;
/** Member adds and removals are one set-based statement each (lib/dal/memberships.ts): 10,000 go in one call. */
export const MAX_MEMBERS = 10_000;

export const idSchema = z.uuid({ error: "Not a valid id." });
/** A list of ids, de-duplicated and bounded; `emptyMessage` makes an empty list an error. */
export function idList(emptyMessage?: string, max = MAX_BULK) {
  const list = z.array(idSchema).max(max, `At most ${max.toLocaleString("en")} at once.`);
  return (emptyMessage ? list.min(1, emptyMessage) : list).transform((ids) => [...new Set(ids)]);
}
export const idListSchema = idList();

// C0 control characters and DEL. Multi-line text (descriptions, pasted lists) keeps tab and line breaks.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Every text field of every form, search and API input starts here: it refuses control
 * characters (NUL and the like, which PostgreSQL cannot store and no person types) and lone
 * UTF-16 surrogates (half an emoji) with a field error, before any other rule runs.
 * lib/schemas/schemas.test.ts fails if a schema builds a string any other way.
 */
export function text({ multiline = false }: { multiline?: boolean } = {}) {
  return z.string({ error: "Enter text." }).superRefine((value, ctx) => {
    if (!value.isWellFormed()) {
      ctx.addIssue({ code: "custom", message: "This contains a broken character. Retype it without pasting." });
    } else if ((multiline ? CONTROL_IN_MULTILINE : CONTROL).test(value)) {
      ctx.addIssue({
        code: "custom",
        message: multiline
          ? "Remove the control characters (such as NUL); only tabs and line breaks are allowed."
          : "Remove the control characters (such as NUL, tabs or line breaks).",
      });
    }
  });
}

/** Passwords are compared, never shown or stored as text: any character goes, within a length. */
export function secret() {
  return z.string({ error: "Enter a password." });
}

export const nameSchema = (what: string, max = 80) =>
  text().trim().min(1, `Enter a ${what} name.`).max(max, `The ${what} name can be at most ${max} characters.`);

export const descriptionSchema = text({ multiline: true })
  .trim()
  .max(500, "The description can be at most 500 characters.")
  .default("");

/** Lower-case identifier used for application and role keys: `billing`, `invoice-approver`. */
export const keySchema = text()
  .trim()
  .toLowerCase()
  .min(1, "Enter a key.")
  .max(64, "The key can be at most 64 characters.")
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "Use lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.",
  );

export const searchSchema = text().trim().max(100, "Search for at most 100 characters.").default("");

export const pageSchema = z.object({
  // A search that cannot be run (control characters) lists everything; the search box says why.
  q: searchSchema.catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(25).default(25),
});
export type PageInput = z.input<typeof pageSchema>;

/** A keyset-paged list: `page` is a position (see lib/dal/keyset.ts), not a number. */
export const listSchema = z.object({
  q: searchSchema.catch(""),
  page: text()
    .max(1000)
    .regex(/^(last|[np]\.[A-Za-z0-9_-]+)$/)
    .optional()
    .catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(25).default(25),
});
export type ListInput = z.input<typeof listSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}
