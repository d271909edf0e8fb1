import { z } from "zod";

export const MAX_BULK = 1000;

export const idSchema = z.uuid({ error: "Not a valid id." });
/** A list of ids, de-duplicated and bounded; `emptyMessage` makes an empty list an error. */
export function idList(emptyMessage?: string) {
  const list = z.array(idSchema).max(MAX_BULK, `At most ${MAX_BULK} at once.`);
  return (emptyMessage ? list.min(1, emptyMessage) : list).transform((ids) => [...new Set(ids)]);
}
export const idListSchema = idList();

export const nameSchema = (what: string, max = 80) =>
  z.string().trim().min(1, `Enter a ${what} name.`).max(max, `The ${what} name can be at most ${max} characters.`);

export const descriptionSchema = z
  .string()
  .trim()
  .max(500, "The description can be at most 500 characters.")
  .default("");

/** Lower-case identifier used for application and role keys: `billing`, `invoice-approver`. */
export const keySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a key.")
  .max(64, "The key can be at most 64 characters.")
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "Use lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.",
  );

export const searchSchema = z.string().trim().max(100).default("");

export const pageSchema = z.object({
  q: searchSchema,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(25).default(25),
});
export type PageInput = z.input<typeof pageSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}
