// "Send login link by e-mail" against a real SMTP server process: the message (plain text and HTML,
// app name, link, expiry, who asked), the link and its typed code signing the user in once, and the
// refusals (no e-mail address, disabled, e-mail not set up, not an admin, a refused recipient).
import { beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { asUser, insertUser } from "@/lib/auth/testing";
import { consumeLoginCode, consumeOneTimeAccessToken } from "@/lib/auth/one-time-access";
import type { AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, loginLinkEmails } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { emailLoginLink } from "./login-links";
import { smtpSettings, type TestSmtpServer, withTrustedSmtpServer } from "./testing";
import { SMTP_PASSWORD } from "./testing";

const linkIn = (text: string) => /(http:\/\/localhost:3000\/lc\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
const tokenOf = (url: string) => url.split("/lc/")[1];

describe("Send login link by e-mail", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server));

  describeEachEngine("emailLoginLink", (use) => {
    let ctx: AppContext;
    beforeEach(async () => {
      const admin = await insertUser(use().ctx, { isAdmin: true, displayName: "Ada Admin" });
      ctx = { ...asUser(use().ctx, admin.id, true), envSettings: { ...smtpSettings(smtp), APP_NAME: "Acme ID" } };
      smtp.clear();
    });

    it("e-mails a working link in plain text and HTML, naming the app, the expiry and the admin", async () => {
      const user = await insertUser(ctx, { email: "grace@example.org", displayName: "Grace Hopper" });
      const sent = await emailLoginLink({ userId: user.id, ttlMinutes: 10_080 }, ctx);
      expect(sent.sentTo).toBe("grace@example.org");
      const [mail] = await smtp.waitForMessages(1);
      expect(mail.to).toEqual(["grace@example.org"]);
      expect(mail.parsed.subject).toBe("Your sign-in link for Acme ID");
      const text = mail.parsed.text ?? "";
      expect(text).toContain("Hello Grace Hopper");
      expect(text).toContain("Ada Admin, an administrator of Acme ID");
      expect(text).toContain("valid for 1 week");
      expect(text).not.toContain("/login/code");
      const url = linkIn(text)!;
      expect(mail.parsed.html).toContain(`href="${url}"`);
      expect(mail.parsed.html).toContain("Acme ID");
      expect(JSON.stringify(mail.raw)).not.toContain(SMTP_PASSWORD);

      const { userId } = await consumeOneTimeAccessToken(tokenOf(url), ctx);
      expect(userId).toBe(user.id);
      const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.event, "email.login_link_sent")));
      expect(audit).toMatchObject([{ outcome: "success", actorUserId: ctx.actor!.userId, details: { ttlMinutes: 10_080, typedCode: false } }]);
      expect(await ctx.db.select().from(loginLinkEmails).where(eq(loginLinkEmails.userId, user.id))).toHaveLength(1);
    });

    it("gives a 15-minute link a typed code that signs in once", async () => {
      const user = await insertUser(ctx, { email: "linus@example.org" });
      await emailLoginLink({ userId: user.id, ttlMinutes: 15 }, ctx);
      const [mail] = await smtp.waitForMessages(1);
      const code = /code at http:\/\/localhost:3000\/login\/code: ([A-Z0-9]{3}-[A-Z0-9]{3})/.exec(mail.parsed.text ?? "")?.[1];
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/);
      expect(mail.parsed.html).toContain(code);
      await expect(consumeLoginCode("ZZZ-ZZZ", ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
      expect((await consumeLoginCode(code!.toLowerCase().replace("-", " "), ctx)).userId).toBe(user.id);
      await expect(consumeLoginCode(code!, ctx)).rejects.toMatchObject({ code: "invalid_link" });
      // The link and its code are one: the code used it up.
      await expect(consumeOneTimeAccessToken(tokenOf(linkIn(mail.parsed.text ?? "")!), ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
    });

    it("refuses users without an address, disabled users, non-admins, and when e-mail is not set up", async () => {
      const noEmail = await insertUser(ctx, { email: null });
      await expect(emailLoginLink({ userId: noEmail.id, ttlMinutes: 60 }, ctx)).rejects.toMatchObject({ code: "no_email" });
      const disabled = await insertUser(ctx, { email: "off@example.org", disabled: true });
      await expect(emailLoginLink({ userId: disabled.id, ttlMinutes: 60 }, ctx)).rejects.toBeInstanceOf(ConflictError);
      const member = await insertUser(ctx, { email: "member@example.org" });
      await expect(emailLoginLink({ userId: member.id, ttlMinutes: 60 }, asUser(ctx, member.id))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(emailLoginLink({ userId: member.id, ttlMinutes: 60 }, { ...ctx, envSettings: {} })).rejects.toMatchObject({ code: "email_not_configured" });
      expect(smtp.messages).toHaveLength(0);
    });

    it("says why the mail server refused, and records the failure", async () => {
      const user = await insertUser(ctx, { email: "bounce@example.org" });
      await smtp.setRules({ refusedRecipients: ["bounce@example.org"] });
      try {
        await expect(emailLoginLink({ userId: user.id, ttlMinutes: 60 }, ctx)).rejects.toMatchObject({
          code: "mail",
          message: expect.stringMatching(/not sent to bounce@example.org\. The mail server refused the recipient: .*550/),
        });
      } finally {
        await smtp.setRules({ refusedRecipients: [] });
      }
      const [row] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.event, "email.login_link_sent")));
      expect(row).toMatchObject({ outcome: "failure", details: { reason: "recipient" } });
      expect(await ctx.db.select().from(loginLinkEmails).where(eq(loginLinkEmails.userId, user.id))).toHaveLength(0);
    });
  });
});
