// Parsing untrusted input with the shared zod schemas. Client-safe: verbs, route handlers and the
// CLI call it; a failure is a ValidationError whose field errors land on the form's fields.
import type { z } from "zod";
import { ValidationError } from "@/lib/errors";

export type FieldErrors = Record<string, string[]>;

/** Per-field messages of a failed parse; issues without a path belong to the form (`_form`). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** Parses `input` with `schema`; throws ValidationError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError("Check the highlighted fields.", fieldErrorsOf(result.error));
}
