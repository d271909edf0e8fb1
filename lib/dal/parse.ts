import "server-only";
import type { z } from "zod";
import { invalid } from "./errors";

/** Validates DAL input with a shared schema; field messages go back to the form. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    fieldErrors[field] ??= issue.message;
  }
  const first = result.error.issues[0]?.message ?? "The input is not valid.";
  throw invalid(first, fieldErrors);
}
