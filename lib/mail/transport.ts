// SMTP delivery with nodemailer, configured by the SMTP_* settings (Pocket ID's names). A Mailer
// keeps one connection for many messages (the bulk invitation job); sendOne opens and closes one.
import "server-only";
import nodemailer from "nodemailer";
import type { Settings } from "@/lib/config/settings";
import type { MailMessage } from "./templates";

export type SmtpSettings = Pick<
  Settings,
  "SMTP_HOST" | "SMTP_PORT" | "SMTP_FROM" | "SMTP_USER" | "SMTP_PASSWORD" | "SMTP_TLS" | "SMTP_SKIP_CERT_VERIFY" | "APP_NAME"
>;

/** E-mail can be sent: a mail server and a sender address are configured. */
export function mailConfigured(settings: Pick<Settings, "SMTP_HOST" | "SMTP_FROM">): boolean {
  return settings.SMTP_HOST !== "" && settings.SMTP_FROM !== "";
}

const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * A transport over one pooled connection. SMTP_TLS: `tls` is encrypted from the first byte,
 * `starttls` must upgrade (a server that does not offer it is an error, not a silent plain
 * connection), `none` never upgrades.
 */
export function openMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    secure: settings.SMTP_TLS === "tls",
    requireTLS: settings.SMTP_TLS === "starttls",
    ignoreTLS: settings.SMTP_TLS === "none",
    auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD } : undefined,
    tls: { rejectUnauthorized: !settings.SMTP_SKIP_CERT_VERIFY, servername: settings.SMTP_HOST },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    pool: true,
    maxConnections: 1,
    maxMessages: 500,
    logger: false,
    debug: false,
  });
  const from = { name: settings.APP_NAME, address: settings.SMTP_FROM };
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => transport.close(),
  };
}

/** Sends one message over a connection of its own. */
export async function sendOne(settings: SmtpSettings, message: MailMessage): Promise<void> {
  const mailer = openMailer(settings);
  try {
    await mailer.send(message);
  } finally {
    mailer.close();
  }
}
