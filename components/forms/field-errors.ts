// Server-side field errors (ActionResult.fieldErrors) shown on react-hook-form fields.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string[]> | undefined,
  fields: readonly Path<T>[],
): void {
  for (const field of fields) {
    const message = fieldErrors?.[field]?.[0];
    if (message) setError(field, { type: "server", message });
  }
}
