// Parsing untrusted input with the shared zod schemas. Client-safe: verbs, route handlers and the
// CLI call it; a failure is a ValidationError whose field errors land on the form's fields.
import type { z } from "zod";
import { ERROR_CODES, ValidationError, type ErrorCode } from "@/lib/errors";

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

/**
 * A more specific error code than invalid_input, when a schema's custom issue names one in its
 * params (`params: { code: "reserved_claim" }`), so callers can branch on what was refused.
 */
function codeOf(error: z.ZodError): ErrorCode {
  for (const issue of error.issues) {
    const code = issue.code === "custom" ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  }
  return "invalid_input";
}

/** Parses `input` with `schema`; throws ValidationError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError("Check the highlighted fields.", fieldErrorsOf(result.error), codeOf(result.error));
}
