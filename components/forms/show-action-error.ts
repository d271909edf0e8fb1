import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { toast } from "sonner";

/**
 * Shows a refused action's result: each field error under its field (the first one
 * focused), and anything the form has no field for, or a plain error, as a toast.
 * `rename` maps a server field to the form's name for it (`groupIds` → `groups`).
 */
export function showActionError<T extends FieldValues>(
  result: { error: string; fieldErrors?: Record<string, string> },
  form: UseFormReturn<T, unknown, unknown>,
  rename: Record<string, Path<T>> = {},
) {
  const known = new Set(Object.keys(form.getValues()));
  let shown = 0;
  for (const [serverField, message] of Object.entries(result.fieldErrors ?? {})) {
    const field = rename[serverField] ?? serverField;
    if (!known.has(field)) continue;
    form.setError(field as Path<T>, { message }, { shouldFocus: shown === 0 });
    shown++;
  }
  if (shown === 0) toast.error(result.error);
}
