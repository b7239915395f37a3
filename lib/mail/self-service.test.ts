// "E-mail me a sign-in link" against a real SMTP server process: a known address gets a 15-minute
// link with a typed code, an unknown one gets no mail and the very same answer; limits per address
// (silent) and per client; every request audit-logged; off unless the setting is on.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { insertUser } from "@/lib/auth/testing";
import { withActor, type AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog } from "@/lib/db/schema";
import { ForbiddenError, RateLimitedError } from "@/lib/errors";
import { settleBackgroundMail } from "./background";
import { requestSignInLink, SELF_SERVICE_ANSWER } from "./self-service";
import { smtpSettings, type TestSmtpServer, withTrustedSmtpServer } from "./testing";

describe("E-mail me a sign-in link", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server));

  describeEachEngine("requestSignInLink", (use, engine) => {
    let ctx: AppContext;
    const from = (ipAddress: string): AppContext => ({ ...ctx, request: { ipAddress, userAgent: "vitest" } });
    beforeAll(() => {
      ctx = { ...withActor(use().ctx, null), envSettings: { ...smtpSettings(smtp), EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: true } };
    });

    it("sends a known address a 15-minute link with a code; an unknown address gets the same answer and no mail", async () => {
      smtp.clear();
      const user = await insertUser(ctx, { email: `Hedy.${engine}@example.org`, displayName: "Hedy Lamarr" });
      const known = await requestSignInLink({ email: `hedy.${engine}@EXAMPLE.org` }, from(`10.0.0.1`));
      const unknown = await requestSignInLink({ email: `nobody.${engine}@example.org` }, from(`10.0.0.1`));
      expect(known).toEqual({ message: SELF_SERVICE_ANSWER });
      expect(unknown).toEqual(known);
      await settleBackgroundMail();
      await smtp.waitForMessages(1);
      expect(smtp.messages).toHaveLength(1);
      const [mail] = smtp.messages;
      expect(mail.to).toEqual([`Hedy.${engine}@example.org`]);
      expect(mail.parsed.text).toContain("Someone (hopefully you) asked for a link");
      expect(mail.parsed.text).toContain("valid for 15 minutes");
      expect(mail.parsed.text).toMatch(/type this code at http:\/\/localhost:3000\/login\/code: [A-Z0-9]{3}-[A-Z0-9]{3}/);

      const requested = await ctx.db.select().from(auditLog).where(eq(auditLog.event, "email.sign_in_link_requested"));
      expect(requested).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ targetId: user.id, outcome: "success", actorKind: "anonymous", clientAddress: "10.0.0.1" }),
          expect.objectContaining({ targetId: null, outcome: "failure", details: { reason: "unknown_address" } }),
        ]),
      );
      const [sent] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.event, "email.login_link_sent"), eq(auditLog.targetId, user.id)));
      expect(sent).toMatchObject({ actorUserId: user.id, outcome: "success" });
    });

    it("limits e-mails per address silently, and requests per client with an error", async () => {
      smtp.clear();
      await insertUser(ctx, { email: `ada.${engine}@example.org` });
      for (let i = 0; i < 4; i++) {
        expect(await requestSignInLink({ email: `ada.${engine}@example.org` }, from(`10.1.0.${i}`))).toEqual({ message: SELF_SERVICE_ANSWER });
      }
      await settleBackgroundMail();
      await smtp.waitForMessages(3);
      expect(smtp.messages).toHaveLength(3);
      const client = `10.2.0.${engine === "postgres" ? 1 : 2}`;
      for (let i = 0; i < 10; i++) await requestSignInLink({ email: `someone${i}.${engine}@example.org` }, from(client));
      await expect(requestSignInLink({ email: `someone.${engine}@example.org` }, from(client))).rejects.toBeInstanceOf(RateLimitedError);
    });

    it("is refused while the setting is off", async () => {
      await expect(requestSignInLink({ email: "a@example.org" }, { ...from("10.3.0.1"), envSettings: smtpSettings(smtp) })).rejects.toBeInstanceOf(ForbiddenError);
    });
  });
});
