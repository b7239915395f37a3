// Server-side field errors (ActionResult.fieldErrors) shown on react-hook-form fields.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/** Each error of a form field lands on it, and those of a list's items (`callbackUrls.1`) on the item. */
export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string[]> | undefined,
  fields: readonly Path<T>[],
): void {
  for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
    const known = fields.some((field) => key === field || key.startsWith(`${field}.`));
    if (known && messages[0]) setError(key as Path<T>, { type: "server", message: messages[0] });
  }
}
