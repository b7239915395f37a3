// Test helpers around the SMTP harness: the settings that point at it, and trusting its CA.
import tls from "node:tls";
import { afterAll, beforeAll } from "vitest";
import type { Settings } from "@/lib/config/settings";
import type { EmailFormInput } from "@/lib/mail/form-schema";
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from "./smtp-server";

export { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "./smtp-server";

export const SMTP_USER = "mailer@example.org";
export const SMTP_PASSWORD = "smtp-S3cret-never-shown";

/** SMTP settings for the harness: STARTTLS on its plain port, signed in as SMTP_USER. */
export function smtpSettings(server: TestSmtpServer, overrides: Partial<Settings> = {}): Partial<Settings> {
  return {
    SMTP_HOST: "localhost",
    SMTP_PORT: server.port,
    SMTP_FROM: "pocket-id@example.org",
    SMTP_USER,
    SMTP_PASSWORD,
    SMTP_TLS: "starttls",
    ...overrides,
  };
}

/** The E-mail card's form filled in for the harness. */
export function emailForm(server: TestSmtpServer, overrides: Partial<EmailFormInput> = {}): EmailFormInput {
  return {
    SMTP_HOST: "localhost",
    SMTP_PORT: String(server.port),
    SMTP_FROM: "pocket-id@example.org",
    SMTP_USER,
    SMTP_PASSWORD,
    clearSmtpPassword: false,
    SMTP_TLS: "starttls",
    SMTP_SKIP_CERT_VERIFY: false,
    EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: false,
    EMAIL_LOGIN_NOTIFICATION_ENABLED: false,
    EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: false,
    EMAIL_RATE_PER_MINUTE: "120",
    ...overrides,
  };
}

const systemCas = tls.getCACertificates("default");

/**
 * Makes this process trust `caCert` besides the system's CAs, as NODE_EXTRA_CA_CERTS does for the
 * server in e2e tests; `trustOnlySystemCas` undoes it.
 */
export function trustCa(caCert: string): void {
  tls.setDefaultCACertificates([...systemCas, caCert]);
}

export function trustOnlySystemCas(): void {
  tls.setDefaultCACertificates(systemCas);
}

/**
 * Starts the harness for a test file (signed in as SMTP_USER unless `options` say otherwise) and
 * trusts its CA while the file runs; `use` receives the server once it is up.
 */
export function withTrustedSmtpServer(use: (server: TestSmtpServer) => void, options: Partial<SmtpServerOptions> = {}): void {
  let server: TestSmtpServer | undefined;
  beforeAll(async () => {
    server = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD, ...options });
    trustCa(server.caCert);
    use(server);
  });
  afterAll(async () => {
    trustOnlySystemCas();
    await server?.stop();
  });
}
