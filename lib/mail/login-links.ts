// Login links by e-mail: one user from their admin page, and the delivery step the bulk job and the
// self-service request share. The link itself comes from the login-link verb (issueLoginLink).
import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/authorize";
import { formatLoginCode } from "@/lib/auth/login-codes";
import { issueLoginLink } from "@/lib/auth/one-time-access";
import { lifetimeLabel, loginLinkSchema, type LoginLinkInput } from "@/lib/auth/schema";
import { getSettings } from "@/lib/config";
import type { Settings } from "@/lib/config/settings";
import type { AppContext } from "@/lib/context";
import { loginLinkEmails } from "@/lib/db/schema";
import { ConflictError, EmailNotConfiguredError, MailDeliveryError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { describeMailError, type MailFailure } from "./diagnose";
import { actorName, mailUser, type MailUser } from "./recipients";
import { loginLinkMessage, type AskedBy } from "./templates";
import { mailConfigured, sendOne } from "./transport";

export interface LoginLinkDelivery {
  user: MailUser & { email: string };
  ttlMinutes: number;
  askedBy: AskedBy;
  /** The bulk job's run, recorded with the audit rows. */
  jobRunId?: string;
}

/**
 * Issues a link for the user and e-mails it: the link (and its audit row) is committed first, then
 * sent; the outcome is one `email.login_link_sent` row. A failure is returned, not thrown, so the
 * bulk job can go on with the next user. Never throws for an SMTP problem.
 */
export async function deliverLoginLink(
  delivery: LoginLinkDelivery,
  send: (message: ReturnType<typeof loginLinkMessage>) => Promise<void>,
  settings: Settings,
  ctx: AppContext,
): Promise<{ ok: true; expiresAt: Date } | { ok: false; failure: MailFailure }> {
  const { user, ttlMinutes, askedBy, jobRunId } = delivery;
  const audit = askedBy.kind === "self" ? { actorUserId: user.id, jobRunId } : { jobRunId };
  const link = await ctx.db.transaction((tx) => issueLoginLink(user, ttlMinutes, { ...ctx, db: tx }, audit));
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
  let failure: MailFailure | null = null;
  try {
    await send(message);
  } catch (error) {
    failure = describeMailError(error, settings);
  }
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    if (!failure) {
      await tx
        .insert(loginLinkEmails)
        .values({ userId: user.id, sentAt: new Date() })
        .onConflictDoUpdate({ target: loginLinkEmails.userId, set: { sentAt: new Date() } });
    }
    await recordAudit(
      {
        event: "email.login_link_sent",
        target: { type: "user", id: user.id, name: user.username },
        outcome: failure ? "failure" : "success",
        details: { ttlMinutes, typedCode: Boolean(link.code), ...(failure ? { reason: failure.kind, error: failure.message } : {}) },
        ...audit,
      },
      txCtx,
    );
  });
  return failure ? { ok: false, failure } : { ok: true, expiresAt: link.expiresAt };
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
  const result = await deliverLoginLink({ user, ttlMinutes: input.ttlMinutes, askedBy }, (message) => sendOne(settings, message), settings, ctx);
  ctx.log.info("Login link e-mailed", { user: user.username, by: actor.userId ?? actor.kind, ok: result.ok, reason: result.ok ? undefined : result.failure.kind });
  if (!result.ok) throw new MailDeliveryError(`The login link was not sent to ${user.email}. ${result.failure.message}`);
  return { sentTo: user.email, expiresAt: result.expiresAt.toISOString() };
}
