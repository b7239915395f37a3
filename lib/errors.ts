// Typed domain errors. Each carries a stable machine-readable `code` beside its message: the UI and
// the tests branch on codes, never on wording. lib/http/result.ts maps them to responses in one place.

/** Every code a domain error can carry; part of the action and API contract. */
export const ERROR_CODES = [
  "invalid_input",
  "reserved_claim",
  "duplicate",
  "unauthenticated",
  "invalid_link",
  "unknown_passkey",
  "forbidden",
  "managed_by_ldap",
  "read_only_config",
  "account_disabled",
  "not_found",
  "conflict",
  "self_change",
  "last_admin",
  "own_edit_disabled",
  "login_field_locked",
  "last_passkey",
  "setup_done",
  "ldap_disabled",
  "already_running",
  "rate_limited",
  "config",
  "ldap",
  "email_not_configured",
  "no_email",
  "mail",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;

  constructor(message: string, code: ErrorCode) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, code: ErrorCode = "not_found") {
    super(message, code);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue.", code: ErrorCode = "unauthenticated") {
    super(message, code);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this.", code: ErrorCode = "forbidden") {
    super(message, code);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code: ErrorCode = "conflict") {
    super(message, code);
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    message = "Too many attempts. Wait a minute and try again.",
    /** The first refusal of its key in the window: the one worth an audit row (the rest would flood it). */
    readonly firstInWindow = true,
  ) {
    super(message, "rate_limited");
  }
}

/** Invalid input: a message for the form plus per-field messages. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    code: ErrorCode = "invalid_input",
  ) {
    super(message, code);
  }
}

/** Configuration the process cannot start with; the message names the variable. */
export class ConfigError extends DomainError {
  constructor(message: string, code: ErrorCode = "config") {
    super(message, code);
  }
}

/** LDAP is switched off, so nothing LDAP-driven (a sync) can run: one error for every path. */
export class LdapDisabledError extends ConflictError {
  constructor() {
    super("LDAP is disabled: enable it on the application configuration page (or set LDAP_ENABLED=true) before syncing.", "ldap_disabled");
  }
}

/** No mail server or sender is configured, so nothing can be e-mailed. */
export class EmailNotConfiguredError extends ConflictError {
  constructor() {
    super("E-mail is not set up: enter the mail server (SMTP) on the application configuration page first.", "email_not_configured");
  }
}

/** The mail server did not take a message; the message says why in plain words (lib/mail/diagnose.ts). */
export class MailDeliveryError extends ConflictError {
  constructor(message: string) {
    super(message, "mail");
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
