// The E-mail card's verbs against a real SMTP server process: saving (password write-only and
// encrypted), env-only mode, and "Send test e-mail" diagnosing each kind of failure in plain words.
import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { asUser, insertUser } from "@/lib/auth/testing";
import type { AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { appConfig, auditLog } from "@/lib/db/schema";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { getSettings } from "@/lib/config";
import { configFormDefaults } from "@/lib/config/form-schema";
import { DEFAULT_SETTINGS } from "@/lib/config/settings";
import { getConfigurationForAdmin, saveConfiguration } from "@/lib/config/verbs";
import { RETYPE_SMTP_PASSWORD_MESSAGE, saveEmailConfiguration, sendTestEmail } from "./config-verbs";
import { emailForm, SMTP_PASSWORD, smtpSettings, trustCa, trustOnlySystemCas, type TestSmtpServer, withTrustedSmtpServer } from "./testing";

describe("Send test e-mail and the E-mail settings", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server));

  describeEachEngine("verbs", (use) => {
    let ctx: AppContext;
    let logged: string[];
    beforeEach(async () => {
      await use().ctx.db.delete(appConfig);
      await use().ctx.db.delete(auditLog);
      const adminUser = await insertUser(use().ctx, { isAdmin: true, email: null, displayName: "Ada Admin" });
      logged = [];
      const capture = (_message: string, fields?: object) => void logged.push(JSON.stringify(fields ?? {}));
      ctx = { ...asUser(use().ctx, adminUser.id, true), log: { ...use().ctx.log, info: capture, warn: capture, error: capture } };
      smtp.clear();
    });

    it("saves the SMTP settings: the password is encrypted, never returned, kept when left empty, removable", async () => {
      await saveEmailConfiguration(emailForm(smtp), ctx);
      const [row] = await ctx.db.select().from(appConfig).where(eq(appConfig.key, "SMTP_PASSWORD"));
      expect(row).toMatchObject({ encrypted: true });
      expect(row.value).not.toContain(SMTP_PASSWORD);
      const page = await getConfigurationForAdmin(ctx);
      expect(page).toMatchObject({ smtpPasswordSet: true, values: { SMTP_HOST: "localhost", SMTP_TLS: "starttls" } });
      expect(JSON.stringify(page)).not.toContain(SMTP_PASSWORD);

      await saveEmailConfiguration(emailForm(smtp, { SMTP_PASSWORD: "", SMTP_PORT: "2525" }), ctx);
      expect((await getSettings(ctx)).values).toMatchObject({ SMTP_PASSWORD, SMTP_PORT: 2525 });
      // Saving the rest of the page leaves the e-mail settings alone.
      await saveConfiguration({ ...configFormDefaults(page.values), APP_NAME: "Acme ID" }, ctx);
      expect((await getSettings(ctx)).values).toMatchObject({ APP_NAME: "Acme ID", SMTP_PORT: 2525, SMTP_PASSWORD });

      await saveEmailConfiguration(emailForm(smtp, { SMTP_PASSWORD: "", clearSmtpPassword: true }), ctx);
      expect((await getConfigurationForAdmin(ctx)).smtpPasswordSet).toBe(false);
      const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.event, "config.saved"));
      expect(audit.flatMap((row) => (row.details as { changed: string[] }).changed)).toEqual(expect.arrayContaining(["SMTP_HOST", "SMTP_PASSWORD"]));
      expect(JSON.stringify({ audit, logged })).not.toContain(SMTP_PASSWORD);
    });

    it("requires a host and a sender once an e-mail feature is on", async () => {
      const refused = await saveEmailConfiguration(
        emailForm(smtp, { SMTP_HOST: "", SMTP_FROM: "", EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: true }),
        ctx,
      ).catch((error: unknown) => error);
      expect((refused as ValidationError).fieldErrors).toEqual({ SMTP_HOST: ["Required to send e-mail"], SMTP_FROM: ["Required to send e-mail"] });
    });

    it("sends a test e-mail over STARTTLS, signed in, and says so", async () => {
      const report = await sendTestEmail({ settings: emailForm(smtp), recipient: "ada@example.org" }, ctx);
      expect(report).toEqual({ ok: true, message: expect.stringContaining("ada@example.org") });
      const [mail] = await smtp.waitForMessages(1);
      expect(mail).toMatchObject({ to: ["ada@example.org"], secure: true, user: "mailer@example.org" });
      expect(mail.parsed.subject).toBe("Test e-mail from Pocket ID");
      expect(mail.parsed.text).toContain("sent by Ada Admin");
      expect(mail.parsed.from?.value[0]).toMatchObject({ address: "pocket-id@example.org", name: "Pocket ID" });
    });

    it("diagnoses an unreachable server, TLS, authentication and a refused sender in plain words", async () => {
      const send = (overrides: Parameters<typeof emailForm>[1]) => sendTestEmail({ settings: emailForm(smtp, overrides), recipient: "ada@example.org" }, ctx);
      const closed = smtp.tlsPort + 1000 > 65_000 ? 1 : smtp.tlsPort + 1000;
      expect(await send({ SMTP_PORT: String(closed) })).toMatchObject({ ok: false, kind: "unreachable", message: expect.stringMatching(/Cannot reach the mail server at localhost:\d+/) });
      // Implicit TLS against the STARTTLS port.
      expect(await send({ SMTP_TLS: "tls" })).toMatchObject({ ok: false, kind: "tls", message: expect.stringMatching(/^TLS with localhost:\d+ failed/) });
      const wrong = await send({ SMTP_PASSWORD: "wrong-password" });
      expect(wrong).toMatchObject({ ok: false, kind: "authentication", message: expect.stringMatching(/refused the user name or password of mailer@example.org/) });
      expect(wrong.message).not.toContain("wrong-password");
      await smtp.setRules({ refusedSenders: ["pocket-id@example.org"] });
      try {
        expect(await send({})).toMatchObject({ ok: false, kind: "sender", message: expect.stringMatching(/refused the sender address pocket-id@example.org: .*553/) });
      } finally {
        await smtp.setRules({ refusedSenders: [] });
      }
      const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.event, "email.test_sent"));
      expect(audit.map((row) => row.outcome)).not.toContain("success");
      expect(audit.map((row) => (row.details as { reason?: string }).reason)).toEqual(expect.arrayContaining(["unreachable", "tls", "authentication", "sender"]));
      expect(JSON.stringify({ audit, logged })).not.toContain(SMTP_PASSWORD);
    });

    it("diagnoses a certificate the system does not trust", async () => {
      trustOnlySystemCas();
      try {
        const report = await sendTestEmail({ settings: emailForm(smtp), recipient: "ada@example.org" }, ctx);
        expect(report).toMatchObject({ ok: false, kind: "tls", message: expect.stringMatching(/certificate/i) });
        const skipped = await sendTestEmail({ settings: emailForm(smtp, { SMTP_SKIP_CERT_VERIFY: true }), recipient: "ada@example.org" }, ctx);
        expect(skipped.ok).toBe(true);
      } finally {
        trustCa(smtp.caCert);
      }
    });

    it("uses the saved password only towards the saved server", async () => {
      await saveEmailConfiguration(emailForm(smtp), ctx);
      expect((await sendTestEmail({ settings: emailForm(smtp, { SMTP_PASSWORD: "" }), recipient: "ada@example.org" }, ctx)).ok).toBe(true);
      const elsewhere = await sendTestEmail({ settings: emailForm(smtp, { SMTP_PASSWORD: "", SMTP_HOST: "127.0.0.1" }), recipient: "ada@example.org" }, ctx).catch((e: unknown) => e);
      expect((elsewhere as ValidationError).fieldErrors).toEqual({ SMTP_PASSWORD: [RETYPE_SMTP_PASSWORD_MESSAGE] });
    });

    it("env-only mode: values from the environment, saving refused, the test still works", async () => {
      const envOnly: AppContext = { ...ctx, server: { ...ctx.server, UI_CONFIG_DISABLED: true }, envSettings: smtpSettings(smtp) };
      const page = await getConfigurationForAdmin(envOnly);
      expect(page).toMatchObject({ readOnly: true, smtpPasswordSet: true, values: { SMTP_HOST: "localhost", SMTP_PORT: smtp.port } });
      expect(JSON.stringify(page)).not.toContain(SMTP_PASSWORD);
      await expect(saveEmailConfiguration(emailForm(smtp), envOnly)).rejects.toBeInstanceOf(ForbiddenError);
      const { SMTP_PASSWORD: _unused, ...form } = emailForm(smtp);
      expect((await sendTestEmail({ settings: { ...form, SMTP_PASSWORD: "" }, recipient: "ada@example.org" }, envOnly)).ok).toBe(true);
      expect(DEFAULT_SETTINGS.SMTP_HOST).toBe("");
    });
  });
});
