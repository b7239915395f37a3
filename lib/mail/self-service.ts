// "E-mail me a sign-in link" on /login (opt-in: EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED).
// Every request gets the same answer, whether the address belongs to an account or not, and the
// e-mail goes out after the answer, so neither the words nor the timing tell them apart. Limited per
// client address (a RateLimitedError, which says nothing about the address) and per address
// (silently: nothing more is sent). Every request is audit-logged.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { emailLinkAddressLimiter, emailLinkClientLimiter } from "@/lib/auth/rate-limit";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { isPlainText } from "@/lib/security/text";
import { parseInput } from "@/lib/validation";
import { sendInBackground } from "./background";
import { deliverLoginLinks } from "./login-links";
import { mailConfigured, sendOne } from "./transport";
import { signInLinkRequestSchema, type SignInLinkRequestInput } from "./self-service-schema";

/** Self-service links live 15 minutes, so they also carry a typed code. */
export const SELF_SERVICE_TTL_MINUTES = 15;

export const SELF_SERVICE_ANSWER =
  "If an account uses this address, a sign-in link is on its way. It works once, for 15 minutes; the e-mail also has a code to type at /login/code.";

/** Whether /login offers the link: the setting is on and e-mail is set up. */
export async function isSelfServiceEnabled(ctx: AppContext): Promise<boolean> {
  const { values } = await getSettings(ctx);
  return values.EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED && mailConfigured(values);
}

type Outcome = "sent" | "unknown_address" | "no_account" | "rate_limited";

export async function requestSignInLink(values: SignInLinkRequestInput, ctx: AppContext): Promise<{ message: string }> {
  const { values: settings } = await getSettings(ctx);
  if (!settings.EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED || !mailConfigured(settings)) {
    throw new ForbiddenError("Signing in by e-mail is not enabled here. Ask an administrator for a login link.");
  }
  emailLinkClientLimiter().attempt(ctx.request?.ipAddress ?? "unknown");
  const { email } = parseInput(signInLinkRequestSchema, values);
  const address = email.toLowerCase();
  const [user] = isPlainText(address)
    ? await ctx.db
        .select({ id: users.id, username: users.username, email: users.email, disabled: users.disabled, displayName: users.displayName })
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, address), eq(users.disabled, false)))
        .limit(1)
    : [];
  let outcome: Outcome = user?.email ? "sent" : "unknown_address";
  if (outcome === "sent") {
    try {
      emailLinkAddressLimiter().attempt(address);
    } catch {
      outcome = "rate_limited";
    }
  }
  await recordAudit(
    {
      event: "email.sign_in_link_requested",
      target: user ? { type: "user", id: user.id, name: user.username } : undefined,
      outcome: outcome === "sent" ? "success" : "failure",
      details: outcome === "sent" ? {} : { reason: outcome },
    },
    ctx,
  );
  ctx.log.info("Sign-in link requested by e-mail", { user: user?.username, outcome, ip: ctx.request?.ipAddress });
  if (user?.email && outcome === "sent") {
    const owner = { id: user.id, username: user.username, email: user.email, disabled: false, name: user.displayName || user.username };
    const batch = { users: [owner], ttlMinutes: SELF_SERVICE_TTL_MINUTES, askedBy: { kind: "self" as const } };
    sendInBackground("sign-in link", ctx, async () => {
      const [result] = await deliverLoginLinks(batch, (message) => sendOne(settings, message), settings, ctx);
      if (!result.ok) ctx.log.warn("Sign-in link not e-mailed", { user: user.username, reason: result.failure.kind, error: result.failure.message });
    });
  }
  return { message: SELF_SERVICE_ANSWER };
}

