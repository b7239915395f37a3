// Typed domain errors; app/ maps them to responses in one place (lib/http/errors.ts).
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this.") {
    super(message);
  }
}
export class ConflictError extends DomainError {}
export class RateLimitedError extends DomainError {
  constructor(message = "Too many attempts. Wait a minute and try again.") {
    super(message);
  }
}

/** Invalid input: a message for the form plus per-field messages. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** Configuration the process cannot start with; the message names the variable. */
export class ConfigError extends DomainError {}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
