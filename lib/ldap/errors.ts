// LDAP failures in plain words. ldapts throws typed result-code errors (InvalidCredentialsError,
// NoSuchObjectError, ...) and Node throws socket/TLS errors with codes; an admin reading the run
// history needs "what is wrong and what to do", not "Socket error. Message type: BindRequest".
import "server-only";
import {
  ConfidentialityRequiredError,
  InappropriateAuthError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  NoSuchObjectError,
  SizeLimitExceededError,
  StrongAuthRequiredError,
  TimeLimitExceededError,
  UnavailableError,
  BusyError,
} from "ldapts";
import { DomainError, errorMessage } from "@/lib/errors";

/** An LDAP problem with a message meant for the admin; `cause` keeps the original. */
export class LdapError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "ldap");
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Where the failure happened; used to phrase the message. */
export interface LdapErrorContext {
  url: string;
  base?: string;
  timeoutSeconds?: number;
  /** "bind", "user search", "group search", ... */
  operation?: string;
}

const UNTRUSTED_CERT = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNRESET", "EPIPE"]);

export function translateLdapError(error: unknown, context: LdapErrorContext): LdapError {
  if (error instanceof LdapError) return error;
  const message = errorMessage(error);
  const code = (error as { code?: unknown })?.code;
  const during = context.operation ? ` during the ${context.operation}` : "";
  const plain = (text: string) => new LdapError(text, { cause: error });

  if (typeof code === "string" && UNTRUSTED_CERT.has(code)) {
    const kind = code.includes("SELF_SIGNED") ? "self-signed certificate" : "issuer not trusted";
    return plain(
      `The LDAP server's TLS certificate is not trusted (${kind}): add the CA certificate or enable skip verification.`,
    );
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return plain(`The LDAP server's TLS certificate is not valid now (${code}): renew it, or enable skip verification.`);
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return plain(`The LDAP server's TLS certificate does not name the host in ${context.url}: use the host name the certificate was issued for.`);
  }
  if (typeof code === "string" && (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS"))) {
    return plain(`TLS with the LDAP server at ${context.url} failed (${message}). Check ldaps:// versus StartTLS and the port.`);
  }
  if (typeof code === "string" && UNREACHABLE.has(code)) {
    return plain(`Cannot reach the LDAP server at ${context.url} (${code}). Check the URL, port and firewall.`);
  }
  if (message === "Connection timeout") {
    return plain(`Cannot reach the LDAP server at ${context.url}: no connection within 10 seconds. Check the URL, port and firewall.`);
  }
  if (/Operation timed out/i.test(message)) {
    return plain(`The LDAP server at ${context.url} did not answer within ${context.timeoutSeconds ?? "the"} seconds${during} (LDAP_TIMEOUT).`);
  }
  if (/Connection closed before message response|Socket error|socket hang up/i.test(message)) {
    return plain(`The LDAP server at ${context.url} closed the connection${during}.`);
  }
  if (error instanceof InvalidCredentialsError) {
    return plain("The LDAP server rejected the bind DN or password (invalid credentials).");
  }
  if (error instanceof StrongAuthRequiredError || error instanceof ConfidentialityRequiredError) {
    return plain("The LDAP server requires an encrypted connection for this bind: use ldaps:// or enable StartTLS.");
  }
  if (error instanceof InappropriateAuthError) {
    return plain("The LDAP server does not allow this kind of bind (anonymous or simple bind refused): set a bind DN and password.");
  }
  if (error instanceof NoSuchObjectError) {
    return plain(`The search base "${context.base ?? ""}" does not exist on the LDAP server (no such object): check LDAP_BASE.`);
  }
  if (error instanceof InvalidDNSyntaxError) {
    return plain(`The LDAP server says a DN is malformed${during} (${message}): check the bind DN and search base.`);
  }
  if (error instanceof InsufficientAccessError) {
    return plain(`The bind account may not read what the sync needs${during} (insufficient access): grant it read access below the search base.`);
  }
  if (error instanceof SizeLimitExceededError) {
    return plain(
      `The LDAP server stopped the ${context.operation ?? "search"} at its size limit, even though the sync pages its searches: ` +
        'raise the limit for the bind account (OpenLDAP: limits dn.exact="<bind DN>" size.hard=unlimited size.prtotal=unlimited).',
    );
  }
  if (error instanceof TimeLimitExceededError) {
    return plain(`The LDAP server stopped the ${context.operation ?? "search"} at its time limit: raise it, or lower LDAP_PAGE_SIZE.`);
  }
  if (error instanceof BusyError || error instanceof UnavailableError) {
    return plain(`The LDAP server at ${context.url} is busy or unavailable (${message}); the next run will retry.`);
  }
  if (/invalid LDAP URL/i.test(message)) return plain(`${context.url} is not an LDAP URL: use ldap://host:389 or ldaps://host:636.`);
  return plain(`LDAP error${during}: ${message}`);
}
