// The one place typed domain errors become action results and HTTP responses.
import "server-only";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
  errorMessage,
} from "@/lib/errors";
import { log } from "@/lib/log";
import type { ActionFailure, ActionResult } from "./action-result";

export type { ActionFailure, ActionResult } from "./action-result";

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
function toFailure(error: unknown): ActionFailure {
  const status = statusOf(error);
  if (status === 500 || !(error instanceof DomainError)) {
    log.error("Unexpected error", { error: errorMessage(error) });
    return { ok: false, code: "internal", status: 500, message: "Something went wrong. Try again; if it persists, check the server log." };
  }
  return {
    ok: false,
    code: error.code,
    status,
    message: error.message,
    ...(error instanceof ValidationError ? { fieldErrors: error.fieldErrors } : {}),
  };
}

export function toActionResult(error: unknown): ActionFailure {
  return toFailure(error);
}

/** Runs a server action body; domain errors become `{ ok: false, code, ... }` instead of throwing. */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
    return toFailure(error);
  }
}

/** A route handler's error answer: `{ error, code, fieldErrors? }` with the error's status. */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, code, message, fieldErrors } = toFailure(error);
  return Response.json({ error: message, code, ...(fieldErrors ? { fieldErrors } : {}) }, { status, headers });
}

/** redirect()/notFound() throw special errors that Next.js must receive untouched. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
