// Opt-in security e-mails against a real SMTP server process: a passkey added to the account, and a
// sign-in from a browser and address the account has not used before. Off: nothing is sent.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { SoftwareAuthenticator } from "@/lib/auth/software-authenticator";
import { asUser, insertUser } from "@/lib/auth/testing";
import type { AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog } from "@/lib/db/schema";
import { settleBackgroundMail } from "./background";
import { isNewDevice, notifyNewDevice } from "./notifications";
import { smtpSettings, type TestSmtpServer, withTrustedSmtpServer } from "./testing";

const LAPTOP = { ipAddress: "192.0.2.10", userAgent: "Mozilla/5.0 (X11; Linux) Firefox/140.0" };
const PHONE = { ipAddress: "198.51.100.7", userAgent: "Mozilla/5.0 (iPhone) Safari/605.1" };

describe("Security notifications", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server));

  describeEachEngine("notifications", (current) => {
    const on = { EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: true, EMAIL_LOGIN_NOTIFICATION_ENABLED: true };
    const contextFor = (userId: string, settings: object, request = LAPTOP): AppContext => ({
      ...asUser(current().ctx, userId),
      envSettings: { ...smtpSettings(smtp), ...settings },
      request,
    });

    it("e-mails the user when a passkey is added, only when switched on", async () => {
      smtp.clear();
      const user = await insertUser(current().ctx, { email: "barbara@example.org", displayName: "Barbara Liskov" });
      const off = contextFor(user.id, {});
      await finishPasskeyRegistration({ response: new SoftwareAuthenticator().register(await beginPasskeyRegistration(undefined, off)) }, off);
      const ctx = contextFor(user.id, on);
      await finishPasskeyRegistration({ response: new SoftwareAuthenticator().register(await beginPasskeyRegistration(undefined, ctx)) }, ctx);
      await settleBackgroundMail();
      const [mail] = await smtp.waitForMessages(1);
      expect(smtp.messages).toHaveLength(1);
      expect(mail.to).toEqual(["barbara@example.org"]);
      expect(mail.parsed.subject).toBe("A passkey was added to your Pocket ID account");
      expect(mail.parsed.text).toContain('A new passkey, "Passkey 2", was added to your account.');
      expect(mail.parsed.text).toContain(`Address: ${LAPTOP.ipAddress}`);
      const [row] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.event, "email.notification_sent"), eq(auditLog.targetId, user.id)));
      expect(row).toMatchObject({ outcome: "success", details: { kind: "passkey_added" } });
    });

    it("knows a new device from a known one, and e-mails about the new one", async () => {
      smtp.clear();
      const user = await insertUser(current().ctx, { email: "frances@example.org" });
      const laptop = contextFor(user.id, on, LAPTOP);
      // Never signed in before: the first sign-in is no news.
      expect(await isNewDevice(user.id, laptop)).toBe(false);
      await recordAudit({ event: "sign_in.passkey", actorUserId: user.id, target: { type: "user", id: user.id } }, laptop);
      expect(await isNewDevice(user.id, laptop)).toBe(false);
      const phone = contextFor(user.id, on, PHONE);
      expect(await isNewDevice(user.id, phone)).toBe(true);
      expect(await isNewDevice(user.id, contextFor(user.id, {}, PHONE))).toBe(false);
      notifyNewDevice(user.id, phone);
      await settleBackgroundMail();
      const [mail] = await smtp.waitForMessages(1);
      expect(mail.parsed.subject).toBe("New sign-in to your Pocket ID account");
      expect(mail.parsed.text).toContain(`Browser: ${PHONE.userAgent}`);
    });
  });
});
