// Opt-in security e-mails to a user about their own account: a passkey was added
// (EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED), a sign-in from a new device
// (EMAIL_LOGIN_NOTIFICATION_ENABLED). Sent after the answer; each send is one audit row.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { auditLog } from "@/lib/db/schema";
import { sendInBackground } from "./background";
import { describeMailError } from "./diagnose";
import { mailUser } from "./recipients";
import { newDeviceMessage, passkeyAddedMessage, type AccessDetails, type MailMessage } from "./templates";
import { mailConfigured, sendOne } from "./transport";

type Kind = "passkey_added" | "new_device";

const SETTING = { passkey_added: "EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED", new_device: "EMAIL_LOGIN_NOTIFICATION_ENABLED" } as const;

function accessOf(ctx: AppContext): AccessDetails {
  return { at: new Date(), ipAddress: ctx.request?.ipAddress ?? null, userAgent: ctx.request?.userAgent ?? null };
}

/** Sends `build`'s message to the user when the kind is switched on and they have an address. */
function notify(kind: Kind, userId: string, ctx: AppContext, build: (appName: string, to: { email: string; name: string }) => MailMessage): void {
  sendInBackground(kind, ctx, async () => {
    const { values: settings } = await getSettings(ctx);
    if (!settings[SETTING[kind]] || !mailConfigured(settings)) return;
    const user = await mailUser(userId, ctx);
    if (!user?.email || user.disabled) return;
    const failed = await sendOne(settings, build(settings.APP_NAME, { email: user.email, name: user.name })).then(
      () => null,
      (error: unknown) => describeMailError(error, settings),
    );
    await recordAudit(
      {
        event: "email.notification_sent",
        actorUserId: userId,
        target: { type: "user", id: user.id, name: user.username },
        outcome: failed ? "failure" : "success",
        details: { kind, ...(failed ? { reason: failed.kind, error: failed.message } : {}) },
      },
      ctx,
    );
  });
}

export function notifyPasskeyAdded(userId: string, passkeyName: string, ctx: AppContext): void {
  const access = accessOf(ctx);
  notify("passkey_added", userId, ctx, (appName, to) => passkeyAddedMessage(appName, to, passkeyName, access));
}

/**
 * Whether this sign-in comes from a new device: the user has signed in before, but never from this
 * browser (user agent) at this address. Asked before the sign-in is recorded.
 */
export async function isNewDevice(userId: string, ctx: AppContext): Promise<boolean> {
  if (!(await getSettings(ctx)).values.EMAIL_LOGIN_NOTIFICATION_ENABLED) return false;
  const signIns = and(eq(auditLog.actorUserId, userId), inArray(auditLog.event, ["sign_in.passkey", "sign_in.login_link"]), eq(auditLog.outcome, "success"));
  const [before] = await ctx.db.select({ id: auditLog.id }).from(auditLog).where(signIns).limit(1);
  if (!before) return false;
  const sameDevice = sql`${auditLog.userAgent} is not distinct from ${ctx.request?.userAgent ?? null} and ${auditLog.clientAddress} is not distinct from ${ctx.request?.ipAddress ?? null}`;
  const [here] = await ctx.db.select({ id: auditLog.id }).from(auditLog).where(and(signIns, sameDevice)).limit(1);
  return !here;
}

export function notifyNewDevice(userId: string, ctx: AppContext): void {
  const access = accessOf(ctx);
  notify("new_device", userId, ctx, (appName, to) => newDeviceMessage(appName, to, access));
}
