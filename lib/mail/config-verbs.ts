// Verbs of the configuration page's E-mail card: save the SMTP settings (the password write-only and
// encrypted, like the LDAP bind password) and "Send test e-mail" with a plain-words diagnosis.
import "server-only";
import { requireAdmin } from "@/lib/auth/authorize";
import type { AppContext } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import { getSettings } from "@/lib/config";
import { changedPasswordTargets, refuseWhenReadOnly, secretChange, storeSettingsSection } from "@/lib/config/verbs";
import { describeMailError } from "./diagnose";
import { emailFormSchema, emailRequirementIssues, sendTestEmailSchema, type EmailFormInput, type MailTestReport, type SendTestEmailInput } from "./form-schema";
import { actorName } from "./recipients";
import { testMessage } from "./templates";
import { sendOne, type SmtpSettings } from "./transport";

const EMAIL_SETTINGS = {
  SMTP_HOST: true,
  SMTP_PORT: true,
  SMTP_FROM: true,
  SMTP_USER: true,
  SMTP_TLS: true,
  SMTP_SKIP_CERT_VERIFY: true,
  EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: true,
  EMAIL_LOGIN_NOTIFICATION_ENABLED: true,
  EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: true,
  EMAIL_RATE_PER_MINUTE: true,
} as const;

/** Saves the E-mail card in one transaction. An empty password field keeps the stored password. */
export async function saveEmailConfiguration(values: EmailFormInput, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  refuseWhenReadOnly(ctx);
  const { SMTP_PASSWORD: password, clearSmtpPassword, ...rest } = parseInput(emailFormSchema, values);
  const secret = { key: "SMTP_PASSWORD" as const, value: password, clear: clearSmtpPassword };
  await storeSettingsSection(EMAIL_SETTINGS, rest, secret, ctx);
  ctx.log.info("E-mail configuration saved", {
    by: actor.userId ?? "system",
    smtp_host: rest.SMTP_HOST,
    password_change: secretChange(secret),
  });
}

/**
 * Where the saved SMTP password goes and how it is protected: it is only used by a test whose form
 * holds these values as saved, so an admin cannot point the test at a listener of their own.
 */
const PASSWORD_TARGET_SETTINGS = ["SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_TLS", "SMTP_SKIP_CERT_VERIFY"] as const;

export const RETYPE_SMTP_PASSWORD_MESSAGE =
  "Enter the SMTP password to test a different server: the saved password is only used with the saved host, port, user and encryption.";

/**
 * Sends a test message with the settings in the form (saved or not) and says in plain words what
 * failed. Allowed in read-only mode: it changes nothing.
 */
export async function sendTestEmail(values: SendTestEmailInput, ctx: AppContext): Promise<MailTestReport> {
  const actor = requireAdmin(ctx);
  const { settings: input, recipient } = parseInput(sendTestEmailSchema, values);
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of emailRequirementIssues({ ...input, sending: true })) (fieldErrors[issue.field] ??= []).push(issue.message);
  const effective = (await getSettings(ctx)).values;
  const useStored = !input.SMTP_PASSWORD && !input.clearSmtpPassword && effective.SMTP_PASSWORD !== "" && input.SMTP_USER !== "";
  const changedTargets = useStored ? changedPasswordTargets(input, effective, PASSWORD_TARGET_SETTINGS) : [];
  if (changedTargets.length) fieldErrors.SMTP_PASSWORD = [RETYPE_SMTP_PASSWORD_MESSAGE];
  if (Object.keys(fieldErrors).length) throw new ValidationError("Fill in the highlighted fields to send a test e-mail.", fieldErrors);
  const smtp: SmtpSettings = {
    ...input,
    APP_NAME: effective.APP_NAME,
    SMTP_PASSWORD: input.SMTP_PASSWORD || (useStored ? effective.SMTP_PASSWORD : ""),
  };
  let report: MailTestReport;
  try {
    await sendOne(smtp, testMessage(effective.APP_NAME, recipient, await actorName(ctx)));
    report = { ok: true, message: `Sent a test e-mail to ${recipient} through ${smtp.SMTP_HOST}:${smtp.SMTP_PORT}.` };
  } catch (error) {
    report = { ok: false, ...describeMailError(error, smtp) };
  }
  await recordAudit(
    {
      event: "email.test_sent",
      target: { type: "config", name: `${smtp.SMTP_HOST}:${smtp.SMTP_PORT}` },
      outcome: report.ok ? "success" : "failure",
      details: { tls: smtp.SMTP_TLS, password: input.SMTP_PASSWORD ? "entered" : useStored ? "saved" : "none", ...(report.ok ? {} : { reason: report.kind }) },
    },
    ctx,
  );
  ctx.log.info("Test e-mail sent", { by: actor.userId ?? "system", host: smtp.SMTP_HOST, port: smtp.SMTP_PORT, ok: report.ok, reason: report.ok ? undefined : report.kind });
  return report;
}
