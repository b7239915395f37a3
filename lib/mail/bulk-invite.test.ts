// "Send login links" as a job against a real SMTP server process: 1,000 users without a passkey,
// paced at EMAIL_RATE_PER_MINUTE, one address the server refuses, skipped users reported by reason,
// live progress while it runs, and a second run that sends nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { asUser, insertPasskey, insertUser } from "@/lib/auth/testing";
import { consumeOneTimeAccessToken } from "@/lib/auth/one-time-access";
import type { AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, jobRuns, users } from "@/lib/db/schema";
import { getBulkInviteRun, runBulkInvite, startBulkInvite } from "./bulk-invite";
import type { BulkInviteReport } from "./bulk-schema";
import { SMTP_PASSWORD, smtpSettings, type TestSmtpServer, withTrustedSmtpServer } from "./testing";

const USERS = 1000;
const RATE_PER_MINUTE = 12_000;

describe("Send login links in bulk", () => {
  let smtp: TestSmtpServer;
  withTrustedSmtpServer((server) => (smtp = server), {rules: { refusedRecipients: ["bounce@example.org"] } });

  describeEachEngine("SendLoginLinks job", (use, engine) => {
    let ctx: AppContext;
    beforeAll(async () => {
      const admin = await insertUser(use().ctx, { isAdmin: true, displayName: "Ada Admin", email: "ada@example.org" });
      await insertPasskey(use().ctx, admin.id);
      ctx = { ...asUser(use().ctx, admin.id, true), envSettings: { ...smtpSettings(smtp), EMAIL_RATE_PER_MINUTE: RATE_PER_MINUTE } };
      // 997 who can be invited, one the mail server refuses, one disabled, one without an address.
      const rows = Array.from({ length: USERS }, (_, i) => {
        const username = `bulk${String(i).padStart(4, "0")}`;
        const email = i === 500 ? "bounce@example.org" : i === 600 ? null : `${username}@example.org`;
        return { username, email, firstName: "Bulk", lastName: String(i), displayName: `Bulk ${i}`, disabled: i === 700 };
      });
      await use().ctx.db.insert(users).values(rows);
      // Users with a passkey are not "without a passkey": never part of the filter's run.
      const enrolled = await insertUser(use().ctx, { username: "enrolled", email: "enrolled@example.org" });
      await insertPasskey(use().ctx, enrolled.id);
      smtp.clear();
    });

    it("sends one message per user at the configured rate, reports skips and the refused address, then sends nothing on a re-run", async () => {
      const input = { target: { kind: "filter" as const, q: "", source: "local" as const }, ttlMinutes: 10_080, skipInvitedWithinHours: 24 };
      const outcome = engine === "postgres" ? await followRun(input) : await runBulkInvite(input, ctx);
      expect(outcome.status).toBe("succeeded");
      const report = outcome.stats as unknown as BulkInviteReport;
      expect(report).toMatchObject({ total: USERS, sent: 997, failed: 1, skipped: 2, skippedNoEmail: 1, skippedDisabled: 1, skippedInvitedRecently: 0 });
      expect(report.skippedUsers).toEqual(expect.arrayContaining([{ username: "bulk0600", reason: "no_email" }, { username: "bulk0700", reason: "disabled" }]));
      expect(report.failures).toEqual([{ username: "bulk0500", email: "bounce@example.org", reason: expect.stringMatching(/refused the recipient: .*550/) }]);
      expect(JSON.stringify(report)).not.toContain(SMTP_PASSWORD);

      const messages = await smtp.waitForMessages(997);
      expect(messages).toHaveLength(997);
      const recipients = messages.map((mail) => mail.to[0]);
      expect(new Set(recipients).size).toBe(997);
      expect(recipients).not.toContain("enrolled@example.org");
      // Paced: 997 sends at 200 a second cannot take less than 996 intervals of 5 ms.
      const span = messages.at(-1)!.receivedAt - messages[0].receivedAt;
      expect(span).toBeGreaterThanOrEqual(0.9 * 996 * (60_000 / RATE_PER_MINUTE));
      // A message's link signs its own user in.
      const sample = messages[123];
      const token = /\/lc\/([A-Za-z0-9_-]+)/.exec(sample.parsed.text ?? "")![1];
      const { userId } = await consumeOneTimeAccessToken(token, ctx);
      const [owner] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
      expect(owner.email).toBe(sample.to[0]);

      const audit = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.event, "email.login_link_sent"), eq(auditLog.outcome, "success")));
      expect(audit[0].n).toBe(997);

      const again = await runBulkInvite(input, ctx);
      expect(again.stats).toMatchObject({ sent: 0, skippedInvitedRecently: 997, failed: 1 });
      expect(smtp.messages).toHaveLength(997);
      // A budget for a loaded 2-core machine, not a speed check: the pacing alone takes 5 s.
    }, 240_000);

    /** Starts the run as the dialog does and follows it until it ends; it must show progress on the way. */
    async function followRun(input: Parameters<typeof startBulkInvite>[0]) {
      const { runId } = await startBulkInvite(input, ctx);
      const seen: number[] = [];
      for (;;) {
        const run = await getBulkInviteRun(runId, ctx);
        if (run.status !== "running") {
          expect(seen.some((processed) => processed > 0 && processed < USERS)).toBe(true);
          const [row] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, runId));
          return { status: run.status, stats: row.stats };
        }
        if (run.progress.processed !== undefined) seen.push(run.progress.processed);
        await smtp.waitForMessages(smtp.messages.length + 1, 5_000).catch(() => undefined);
      }
    }
  });
});
