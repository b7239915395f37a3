// What went wrong with an SMTP delivery, in plain words: the mail server could not be reached, TLS
// failed, it refused the credentials, the sender or the recipient. Never includes the password.
import "server-only";
import type { SmtpSettings } from "./transport";

export type MailFailureKind = "unreachable" | "tls" | "authentication" | "sender" | "recipient" | "other";

export interface MailFailure {
  kind: MailFailureKind;
  message: string;
}

interface NodemailerError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const TLS_WORDS = /certificate|self[- ]signed|tls|ssl|handshake|wrong version number|CERT_|UNABLE_TO_VERIFY/i;

function reply(error: NodemailerError): string {
  const text = (error.response ?? error.message ?? "").replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function classify(error: NodemailerError, server: string, settings: SmtpSettings): MailFailure {
  const text = reply(error);
  const code = error.code ?? "";
  if (code === "EAUTH" || code === "ENOAUTH" || error.command === "AUTH PLAIN" || error.command === "AUTH LOGIN") {
    return { kind: "authentication", message: `The mail server refused the user name or password of ${settings.SMTP_USER || "(no user)"}: ${text}` };
  }
  if (code === "EENVELOPE" && error.command === "MAIL FROM") {
    if (error.responseCode === 530) return { kind: "authentication", message: `The mail server wants a user name and password before sending: ${text}` };
    return { kind: "sender", message: `The mail server refused the sender address ${settings.SMTP_FROM}: ${text}` };
  }
  if (code === "EENVELOPE") return { kind: "recipient", message: `The mail server refused the recipient: ${text}` };
  if (code === "ETLS" || (TLS_WORDS.test(text) && (code === "ESOCKET" || code === "ECONNECTION"))) {
    return { kind: "tls", message: `TLS with ${server} failed (check SMTP encryption, the port and the server's certificate): ${text}` };
  }
  if (code === "EDNS") return { kind: "unreachable", message: `The mail server ${settings.SMTP_HOST} was not found (DNS): ${text}` };
  if (code === "ETIMEDOUT") {
    // A TLS-only port (465) waits for a TLS hello and never greets a plain client.
    const hint = /greeting/i.test(text) && settings.SMTP_TLS !== "tls" ? " (a port that expects TLS from the start, such as 465, needs SMTP encryption tls)" : "";
    return { kind: "unreachable", message: `${server} did not answer in time: ${text}${hint}` };
  }
  if (code === "ESOCKET" || code === "ECONNECTION") return { kind: "unreachable", message: `Cannot reach the mail server at ${server}: ${text}` };
  return { kind: "other", message: `The mail server at ${server} did not accept the message: ${text}` };
}

/** The failure in plain words; a password the server echoed is blanked out all the same. */
export function describeMailError(error: unknown, settings: SmtpSettings): MailFailure {
  const failure = classify((error ?? {}) as NodemailerError, `${settings.SMTP_HOST}:${settings.SMTP_PORT}`, settings);
  if (settings.SMTP_PASSWORD) failure.message = failure.message.split(settings.SMTP_PASSWORD).join("••••");
  return failure;
}
