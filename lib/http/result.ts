// The one place typed domain errors become action results and HTTP responses.
import type { z } from "zod";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
  errorMessage,
} from "@/lib/errors";
import { log } from "@/lib/log";

export type FieldErrors = Record<string, string[]>;
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; status: number; message: string; fieldErrors?: FieldErrors };

/** Parses untrusted input with a shared zod schema; throws ValidationError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw new ValidationError("Check the highlighted fields.", fieldErrors);
}

export function statusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  return 500;
}

/** Unexpected errors are logged and shown generically: internals never reach the browser. */
function publicMessage(error: unknown, status: number): string {
  if (status !== 500) return errorMessage(error);
  log.error("Unexpected error", { error: errorMessage(error) });
  return "Something went wrong. Try again; if it persists, check the server log.";
}

export function toActionResult(error: unknown): ActionResult<never> {
  const status = statusOf(error);
  return {
    ok: false,
    status,
    message: publicMessage(error, status),
    ...(error instanceof ValidationError ? { fieldErrors: error.fieldErrors } : {}),
  };
}

/** Runs a server action body; domain errors become `{ ok: false, ... }` instead of throwing. */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
    return toActionResult(error);
  }
}

export function errorResponse(error: unknown): Response {
  const status = statusOf(error);
  return Response.json(
    { error: publicMessage(error, status), ...(error instanceof ValidationError ? { fieldErrors: error.fieldErrors } : {}) },
    { status },
  );
}

/** redirect()/notFound() throw special errors that Next.js must receive untouched. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
