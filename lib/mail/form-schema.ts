// The E-mail card of the configuration page: SMTP settings and the e-mail features, one zod schema
// for the browser and the server. Client-safe: no server imports.
import { z } from "zod";
import { checkedText, wholeNumber, type PublicSettings } from "@/lib/config/form-schema";
import { settingsShape, type SettingKey } from "@/lib/config/settings";
import { isPlainText, PLAIN_TEXT_ERROR } from "@/lib/security/text";

function hostError(text: string): string | null {
  return /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(text) || /^\[?[0-9A-Fa-f:.]+\]?$/.test(text)
    ? null
    : "must be a host name or an IP address, without a scheme or port";
}

function emailAddressError(text: string): string | null {
  return z.email().safeParse(text).success ? null : "must be an e-mail address such as pocket-id@example.com";
}

/** Features that send e-mail: switching one on needs a mail server and a sender. */
export const EMAIL_FEATURES = [
  "EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED",
  "EMAIL_LOGIN_NOTIFICATION_ENABLED",
  "EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED",
] as const satisfies readonly SettingKey[];

export const emailFormShape = {
  SMTP_HOST: checkedText(253, hostError),
  SMTP_PORT: wholeNumber(1, 65_535),
  SMTP_FROM: checkedText(320, emailAddressError),
  SMTP_USER: z.string().trim().max(320, { error: "must be at most 320 characters" }).refine(isPlainText, { error: PLAIN_TEXT_ERROR }),
  /** A new password; empty keeps the stored one (or clears it with clearSmtpPassword). */
  SMTP_PASSWORD: z.string().max(1000, { error: "must be at most 1000 characters" }),
  clearSmtpPassword: z.boolean(),
  SMTP_TLS: settingsShape.SMTP_TLS.unwrap(),
  SMTP_SKIP_CERT_VERIFY: z.boolean(),
  EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: z.boolean(),
  EMAIL_LOGIN_NOTIFICATION_ENABLED: z.boolean(),
  EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: z.boolean(),
  EMAIL_RATE_PER_MINUTE: wholeNumber(1, 100_000),
};

export const REQUIRED_FOR_EMAIL = "Required to send e-mail";

/** SMTP_HOST and SMTP_FROM go together, and every e-mail feature needs both. */
export function emailRequirementIssues(values: {
  SMTP_HOST: string;
  SMTP_FROM: string;
  sending?: boolean;
} & Partial<Record<(typeof EMAIL_FEATURES)[number], boolean>>): Array<{ field: "SMTP_HOST" | "SMTP_FROM"; message: string }> {
  const needed = values.sending || values.SMTP_HOST.trim() !== "" || values.SMTP_FROM.trim() !== "" || EMAIL_FEATURES.some((key) => values[key]);
  if (!needed) return [];
  return (["SMTP_HOST", "SMTP_FROM"] as const).filter((field) => values[field].trim() === "").map((field) => ({ field, message: REQUIRED_FOR_EMAIL }));
}

export const emailFormSchema = z.object(emailFormShape).superRefine((values, ctx) => {
  for (const issue of emailRequirementIssues(values)) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
});
export type EmailFormInput = z.input<typeof emailFormSchema>;
export type EmailFormValues = z.output<typeof emailFormSchema>;

/** "Send test e-mail": the form as it is (saved or not) and where to send the test. */
export const sendTestEmailSchema = z.object({
  settings: emailFormSchema,
  recipient: z.string().trim().pipe(z.email({ error: "Enter the e-mail address to send the test to" })),
});
export type SendTestEmailInput = z.input<typeof sendTestEmailSchema>;

/** The form's fields from the effective settings; the password field always starts empty. */
export function emailFormDefaults(values: PublicSettings): EmailFormInput {
  return {
    SMTP_HOST: values.SMTP_HOST,
    SMTP_PORT: String(values.SMTP_PORT),
    SMTP_FROM: values.SMTP_FROM,
    SMTP_USER: values.SMTP_USER,
    SMTP_PASSWORD: "",
    clearSmtpPassword: false,
    SMTP_TLS: values.SMTP_TLS,
    SMTP_SKIP_CERT_VERIFY: values.SMTP_SKIP_CERT_VERIFY,
    EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: values.EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED,
    EMAIL_LOGIN_NOTIFICATION_ENABLED: values.EMAIL_LOGIN_NOTIFICATION_ENABLED,
    EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: values.EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED,
    EMAIL_RATE_PER_MINUTE: String(values.EMAIL_RATE_PER_MINUTE),
  };
}

/** The result of "Send test e-mail"; `kind` says which part failed. Never holds the password. */
export type MailTestReport =
  | { ok: true; message: string }
  | { ok: false; kind: "unreachable" | "tls" | "authentication" | "sender" | "recipient" | "other"; message: string };
