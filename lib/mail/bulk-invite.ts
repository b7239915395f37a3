// "Send login links" to many users as a job (SendLoginLinks) on the shared runner: one run at a
// time, live progress, a report of who was sent, skipped (no e-mail, disabled, invited recently) and
// failed (with the mail server's reason). Sends are paced at EMAIL_RATE_PER_MINUTE over one SMTP
// connection; users e-mailed a link within the chosen period are skipped, so a re-run sends nothing new.
import "server-only";
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/authorize";
import type { Settings } from "@/lib/config/settings";
import type { AppContext } from "@/lib/context";
import { jobRuns, loginLinkEmails, users, webauthnCredentials } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { JobFailedError, launchJob, runJob, type JobHandle, type JobOutcome, type JobTrigger } from "@/lib/jobs/runner";
import { userFilterCondition } from "@/lib/users/list-filters";
import { userSearchCondition } from "@/lib/users/list";
import { parseInput } from "@/lib/validation";
import { bulkInviteSchema, bulkRunSchema, type BulkInviteInput, type BulkInviteReport, type BulkInviteRun, type SkipReason } from "./bulk-schema";
import type { MailFailureKind } from "./diagnose";
import { deliverLoginLinks, requireMailSettings, type DeliveryResult } from "./login-links";
import { actorName } from "./recipients";
import type { AskedBy } from "./templates";
import { openMailer } from "./transport";

export const SEND_LOGIN_LINKS_JOB = "SendLoginLinks";
/** The report lists this many skipped and failed users by name; the counts stay exact. */
const REPORT_LIST_MAX = 500;
/** Links issued and results recorded per transaction; the messages of a batch are sent one by one. */
const BATCH_SIZE = 25;
const STOPPING_FAILURES: ReadonlySet<MailFailureKind> = new Set(["unreachable", "tls", "authentication", "sender"]);

type BulkTarget = ReturnType<typeof bulkInviteSchema.parse>["target"];

interface Candidate {
  id: string;
  username: string;
  email: string | null;
  disabled: boolean;
  name: string;
  invitedRecently: boolean;
}

/** The users a run is for, in username order, each marked when e-mailed a link within the period. */
async function candidates(target: BulkTarget, skipWithinHours: number, ctx: AppContext): Promise<Candidate[]> {
  const condition: SQL | undefined =
    target.kind === "selection"
      ? inArray(users.id, target.userIds)
      : and(
          userSearchCondition(target.q),
          userFilterCondition(target),
          sql`not exists (select 1 from ${webauthnCredentials} where ${webauthnCredentials.userId} = ${users.id})`,
        );
  const recent = skipWithinHours > 0 ? gt(loginLinkEmails.sentAt, sql`now() - make_interval(hours => ${skipWithinHours})`) : sql`false`;
  const rows = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      disabled: users.disabled,
      displayName: users.displayName,
      invitedRecently: sql<boolean>`coalesce(${recent}, false)`,
    })
    .from(users)
    .leftJoin(loginLinkEmails, eq(loginLinkEmails.userId, users.id))
    .where(condition)
    .orderBy(asc(users.username));
  return rows.map((row) => ({ ...row, name: row.displayName || row.username }));
}

function skipReason(user: Candidate): SkipReason | null {
  if (user.disabled) return "disabled";
  if (!user.email) return "no_email";
  if (user.invitedRecently) return "invited_recently";
  return null;
}

/** Waits so that sends are at least 60 s / rate apart. */
function pacer(ratePerMinute: number): () => Promise<void> {
  const interval = 60_000 / ratePerMinute;
  let next = 0;
  return async () => {
    const now = Date.now();
    if (next > now) await new Promise((resolve) => setTimeout(resolve, next - now));
    next = Math.max(now, next) + interval;
  };
}

function bulkBody(input: ReturnType<typeof bulkInviteSchema.parse>, settings: Settings, askedBy: AskedBy, ctx: AppContext) {
  return async (handle: JobHandle): Promise<BulkInviteReport & Record<string, unknown>> => {
    const list = await candidates(input.target, input.skipInvitedWithinHours, ctx);
    const report: BulkInviteReport = { total: list.length, sent: 0, skipped: 0, failed: 0, skippedNoEmail: 0, skippedDisabled: 0, skippedInvitedRecently: 0, skippedUsers: [], failures: [] };
    await recordAudit(
      {
        event: "email.bulk_invite_started",
        target: input.target.kind === "filter" ? { type: "user", name: "users without a passkey" } : undefined,
        details: { target: input.target.kind, users: list.length, ttlMinutes: input.ttlMinutes, skipInvitedWithinHours: input.skipInvitedWithinHours },
        jobRunId: handle.runId,
      },
      ctx,
    );
    const sendable: Array<Candidate & { email: string }> = [];
    for (const user of list) {
      const reason = skipReason(user);
      if (!reason) {
        sendable.push({ ...user, email: user.email! });
        continue;
      }
      report.skipped++;
      if (reason === "no_email") report.skippedNoEmail++;
      else if (reason === "disabled") report.skippedDisabled++;
      else report.skippedInvitedRecently++;
      if (report.skippedUsers.length < REPORT_LIST_MAX) report.skippedUsers.push({ username: user.username, reason });
    }
    const progress = () =>
      handle.progress({ total: report.total, processed: report.skipped + report.sent + report.failed, sent: report.sent, skipped: report.skipped, failed: report.failed });
    progress();
    const mailer = openMailer(settings);
    const pace = pacer(settings.EMAIL_RATE_PER_MINUTE);
    let stop: string | null = null;
    const afterSend = (result: DeliveryResult): boolean => {
      if (result.ok) report.sent++;
      else {
        report.failed++;
        if (report.failures.length < REPORT_LIST_MAX) report.failures.push({ username: result.user.username, email: result.user.email, reason: result.failure.message });
        // The server, TLS, the credentials or the sender: every following message would fail the same way.
        if (STOPPING_FAILURES.has(result.failure.kind)) stop = result.failure.message;
      }
      progress();
      return stop !== null;
    };
    try {
      for (let start = 0; start < sendable.length && stop === null; start += BATCH_SIZE) {
        const batch = { users: sendable.slice(start, start + BATCH_SIZE), ttlMinutes: input.ttlMinutes, askedBy, jobRunId: handle.runId };
        await deliverLoginLinks(batch, (message) => mailer.send(message), settings, ctx, { beforeSend: pace, afterSend });
      }
    } finally {
      mailer.close();
    }
    if (stop !== null) {
      const done = report.skipped + report.sent + report.failed;
      throw new JobFailedError(`Stopped after ${done} of ${report.total} users: ${stop}`, { ...report });
    }
    return { ...report };
  };
}

async function prepare(values: BulkInviteInput, ctx: AppContext) {
  requireAdmin(ctx);
  const input = parseInput(bulkInviteSchema, values);
  const settings = await requireMailSettings(ctx);
  const askedBy: AskedBy = { kind: "admin", name: await actorName(ctx) };
  return bulkBody(input, settings, askedBy, ctx);
}

/** "Send login links": starts the job and returns at once; the dialog follows the run by its id. */
export async function startBulkInvite(values: BulkInviteInput, ctx: AppContext): Promise<{ runId: string }> {
  const body = await prepare(values, ctx);
  return { runId: await launchJob(SEND_LOGIN_LINKS_JOB, "manual", ctx, body) };
}

/** The same job, awaited (tests, a future CLI command). */
export async function runBulkInvite(values: BulkInviteInput, ctx: AppContext, trigger: JobTrigger = "cli"): Promise<JobOutcome> {
  return runJob(SEND_LOGIN_LINKS_JOB, trigger, ctx, await prepare(values, ctx));
}

/** A SendLoginLinks run as the dialog shows it: live progress, then the report. */
export async function getBulkInviteRun(runId: string, ctx: AppContext): Promise<BulkInviteRun> {
  requireAdmin(ctx);
  const id = parseInput(bulkRunSchema, runId);
  const [row] = await ctx.db.select().from(jobRuns).where(and(eq(jobRuns.id, id), eq(jobRuns.job, SEND_LOGIN_LINKS_JOB)));
  if (!row) throw new NotFoundError("No such run.");
  const status = row.status as BulkInviteRun["status"];
  return {
    id: row.id,
    status,
    progress: (row.progress ?? {}) as BulkInviteRun["progress"],
    report: status !== "running" && "total" in row.stats ? (row.stats as unknown as BulkInviteReport) : null,
    error: row.error,
  };
}
