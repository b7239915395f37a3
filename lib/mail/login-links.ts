// Login links by e-mail: one user from their admin page, and the delivery step the bulk job and the
// self-service request share. The links themselves come from the login-link verb (issueLoginLinks).
import "server-only";
import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/authorize";
import { formatLoginCode } from "@/lib/auth/login-codes";
import { issueLoginLinks } from "@/lib/auth/one-time-access";
import { LOGIN_CODE_MAX_TTL_MINUTES, lifetimeLabel, loginLinkSchema, type LoginLinkInput } from "@/lib/auth/schema";
import { getSettings } from "@/lib/config";
import type { Settings } from "@/lib/config/settings";
import type { AppContext } from "@/lib/context";
import { loginLinkEmails } from "@/lib/db/schema";
import { ConflictError, EmailNotConfiguredError, MailDeliveryError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { describeMailError, type MailFailure } from "./diagnose";
import { actorName, mailUser, type MailUser } from "./recipients";
import { loginLinkMessage, type AskedBy, type MailMessage } from "./templates";
import { mailConfigured, sendOne } from "./transport";

export interface LoginLinkBatch {
  users: ReadonlyArray<MailUser & { email: string }>;
  ttlMinutes: number;
  askedBy: AskedBy;
  /** The bulk job's run, recorded with the audit rows. */
  jobRunId?: string;
}

export type DeliveryResult = { user: MailUser & { email: string }; ok: true; expiresAt: Date } | { user: MailUser & { email: string }; ok: false; failure: MailFailure };

/**
 * Issues a link for each user of the batch and e-mails it. The links (and their audit rows) commit
 * first, in one transaction; then each message is sent (after `beforeSend`, the bulk job's pacing);
 * then one transaction records every outcome: an `email.login_link_sent` row each, and the time of
 * each successful send in login_link_emails. An SMTP failure is a result, never thrown, so the bulk
 * job can go on with the next user; `afterSend` returning true ends the batch early (what was sent
 * is recorded).
 */
export async function deliverLoginLinks(
  batch: LoginLinkBatch,
  send: (message: MailMessage) => Promise<void>,
  settings: Settings,
  ctx: AppContext,
  hooks: { beforeSend?: () => Promise<void>; afterSend?: (result: DeliveryResult) => boolean } = {},
): Promise<DeliveryResult[]> {
  const { users, ttlMinutes, askedBy, jobRunId } = batch;
  const ownerActs = askedBy.kind === "self";
  const links = await ctx.db.transaction((tx) => issueLoginLinks(users, ttlMinutes, { ...ctx, db: tx }, { jobRunId, ownerActs }));
  const results: DeliveryResult[] = [];
  for (const [index, user] of users.entries()) {
    const link = links[index];
    const message = loginLinkMessage({
      appName: settings.APP_NAME,
      appUrl: ctx.server.APP_URL,
      to: { email: user.email, name: user.name },
      url: link.url,
      expiresAt: link.expiresAt,
      lifetime: lifetimeLabel(ttlMinutes),
      code: link.code ? formatLoginCode(link.code) : undefined,
      askedBy,
    });
    await hooks.beforeSend?.();
    const result: DeliveryResult = await send(message).then(
      () => ({ user, ok: true as const, expiresAt: link.expiresAt }),
      (error: unknown) => ({ user, ok: false as const, failure: describeMailError(error, settings) }),
    );
    results.push(result);
    if (hooks.afterSend?.(result)) break;
  }
  await ctx.db.transaction(async (tx) => {
    const sent = results.filter((result) => result.ok).map((result) => ({ userId: result.user.id, sentAt: new Date() }));
    if (sent.length) {
      await tx.insert(loginLinkEmails).values(sent).onConflictDoUpdate({ target: loginLinkEmails.userId, set: { sentAt: sql`excluded.sent_at` } });
    }
    await recordAudit(
      results.map((result) => ({
        event: "email.login_link_sent" as const,
        target: { type: "user" as const, id: result.user.id, name: result.user.username },
        outcome: result.ok ? ("success" as const) : ("failure" as const),
        details: { ttlMinutes, typedCode: ttlMinutes <= LOGIN_CODE_MAX_TTL_MINUTES, ...(result.ok ? {} : { reason: result.failure.kind, error: result.failure.message }) },
        jobRunId,
        actorUserId: ownerActs ? result.user.id : undefined,
      })),
      { ...ctx, db: tx },
    );
  });
  return results;
}

/** Whether e-mail can be sent (a mail server and a sender are set): pages show the e-mail buttons then. */
export async function isMailConfigured(ctx: AppContext): Promise<boolean> {
  return mailConfigured((await getSettings(ctx)).values);
}

/** Settings with a mail server, or EmailNotConfiguredError. */
export async function requireMailSettings(ctx: AppContext): Promise<Settings> {
  const { values } = await getSettings(ctx);
  if (!mailConfigured(values)) throw new EmailNotConfiguredError();
  return values;
}

/** A user who can be e-mailed a link: exists, is enabled and has an address. */
export async function mailableUser(userId: string, ctx: AppContext): Promise<MailUser & { email: string }> {
  const user = await mailUser(userId, ctx);
  if (!user) throw new NotFoundError("This user does not exist.");
  if (user.disabled) throw new ConflictError(`User "${user.username}" is disabled: enable the account before sending a login link.`);
  if (!user.email) throw new ConflictError(`User "${user.username}" has no e-mail address.`, "no_email");
  return { ...user, email: user.email };
}

/** "Send login link by e-mail" on a user's admin page: the message names the admin who sent it. */
export async function emailLoginLink(values: LoginLinkInput, ctx: AppContext): Promise<{ sentTo: string; expiresAt: string }> {
  const actor = requireAdmin(ctx);
  const input = parseInput(loginLinkSchema, values);
  const settings = await requireMailSettings(ctx);
  const user = await mailableUser(input.userId, ctx);
  const askedBy: AskedBy = { kind: "admin", name: await actorName(ctx) };
  const [result] = await deliverLoginLinks({ users: [user], ttlMinutes: input.ttlMinutes, askedBy }, (message) => sendOne(settings, message), settings, ctx);
  ctx.log.info("Login link e-mailed", { user: user.username, by: actor.userId ?? actor.kind, ok: result.ok, reason: result.ok ? undefined : result.failure.kind });
  if (!result.ok) throw new MailDeliveryError(`The login link was not sent to ${user.email}. ${result.failure.message}`);
  return { sentTo: user.email, expiresAt: result.expiresAt.toISOString() };
}
