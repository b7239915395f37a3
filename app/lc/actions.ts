"use server";

import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { runAction } from "@/lib/http/result";
import { INVALID_LINK_MESSAGE, consumeOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { oneTimeTokenSchema } from "@/lib/auth/schema";
import { loginLinkLimiter } from "@/lib/auth/rate-limit";
import {
  clearLoginLinkCookie,
  clientIp,
  readLoginLinkToken,
  readSessionToken,
  requestMeta,
  setSessionCookie,
} from "@/lib/auth/request";
import { UnauthenticatedError } from "@/lib/errors";

/** "Continue" on /lc: uses the opened link up, signs its user in, sends them to add a passkey. */
export async function consumeLoginLinkAction() {
  const result = await runAction(async () => {
    const ctx = await getAppContext();
    const forgetAttempt = loginLinkLimiter().attempt(await clientIp(ctx.server));
    const parsed = oneTimeTokenSchema.safeParse(await readLoginLinkToken(ctx.server.APP_URL));
    if (!parsed.success) throw new UnauthenticatedError(INVALID_LINK_MESSAGE);
    // Whoever was signed in on this browser before is signed out: the link decides the account.
    const previousToken = await readSessionToken(ctx.server.APP_URL);
    const { session } = await consumeOneTimeAccessToken(parsed.data, ctx, { ...(await requestMeta(ctx.server)), previousToken });
    forgetAttempt();
    await clearLoginLinkCookie(ctx.server.APP_URL);
    await setSessionCookie(session.token, ctx.server.APP_URL);
  });
  if (result.ok) redirect("/settings/account");
  return result;
}
