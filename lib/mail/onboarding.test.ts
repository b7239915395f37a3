// The check, end to end on real servers: an admin syncs LDAP (slapd), sends login links to
// everyone without a passkey (SMTP server process), each user gets exactly one message whose link
// signs them in to enrol a passkey; running it again the same day sends nothing.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { consumeOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { SoftwareAuthenticator } from "@/lib/auth/software-authenticator";
import { asUser, insertPasskey, insertUser } from "@/lib/auth/testing";
import type { AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { webauthnCredentials } from "@/lib/db/schema";
import { fixtureDirectory } from "@/lib/ldap/testing/fixture-directory";
import { FIXTURE, FIXTURE_USERS } from "@/lib/ldap/testing/fixtures";
import { runBulkInvite } from "./bulk-invite";
import { smtpSettings, type TestSmtpServer, withTrustedSmtpServer } from "./testing";

const synced = FIXTURE_USERS.filter((user) => user.uid !== FIXTURE.sharedEmailSkipped);
const withEmail = synced.filter((user) => user.mail !== null);

describe("Onboarding a synced directory by e-mail", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server));

  describeEachEngine("sync, invite everyone without a passkey, enrol, invite again", (use) => {
    const directory = fixtureDirectory(() => use().ctx);

    it("sends each LDAP user one working link; a second run the same day sends nothing", async () => {
      smtp.clear();
      expect((await directory.sync()).usersCreated).toBe(synced.length);
      const admin = await insertUser(use().ctx, { username: "local-admin", isAdmin: true, displayName: "Local Admin" });
      await insertPasskey(use().ctx, admin.id);
      const ctx: AppContext = { ...asUser(use().ctx, admin.id, true), envSettings: { ...smtpSettings(smtp), EMAIL_RATE_PER_MINUTE: 6000 } };
      const everyoneWithoutPasskey = { target: { kind: "filter" as const, q: "", source: "ldap" as const }, ttlMinutes: 10_080, skipInvitedWithinHours: 24 };

      const first = await runBulkInvite(everyoneWithoutPasskey, ctx);
      expect(first.stats).toMatchObject({ total: synced.length, sent: withEmail.length, skippedNoEmail: 1, failed: 0 });
      const messages = await smtp.waitForMessages(withEmail.length);
      expect(messages.map((mail) => mail.to[0]).sort()).toEqual(withEmail.map((user) => user.mail).sort());

      // The same day, before anyone enrolled: nothing is sent again.
      expect((await runBulkInvite(everyoneWithoutPasskey, ctx)).stats).toMatchObject({ sent: 0, skippedInvitedRecently: withEmail.length });

      for (const mail of messages) {
        const token = /\/lc\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? "")![1];
        const { userId } = await consumeOneTimeAccessToken(token, ctx);
        const asOwner = asUser(use().ctx, userId);
        const options = await beginPasskeyRegistration(undefined, asOwner);
        await finishPasskeyRegistration({ response: new SoftwareAuthenticator().register(options) }, asOwner);
      }
      const enrolled = await ctx.db
        .select({ userId: webauthnCredentials.userId, n: sql<number>`count(*)::int` })
        .from(webauthnCredentials)
        .where(sql`${webauthnCredentials.userId} <> ${admin.id}`)
        .groupBy(webauthnCredentials.userId);
      expect(enrolled).toHaveLength(withEmail.length);
      expect(enrolled.every((row) => row.n === 1)).toBe(true);

      // Everyone who could enrol did: only the user without an address is still without a passkey.
      expect((await runBulkInvite(everyoneWithoutPasskey, ctx)).stats).toMatchObject({ total: 1, sent: 0, skippedNoEmail: 1 });
      expect(smtp.messages).toHaveLength(withEmail.length);
    });
  });
});
