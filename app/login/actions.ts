"use server";

import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { parseInput, runAction } from "@/lib/http/result";
import { authenticationResponseSchema } from "@/lib/auth/schema";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/auth/sessions";
import { signInLimiter } from "@/lib/auth/rate-limit";
import { clientIp, readSessionToken, requestMeta, setSessionCookie } from "@/lib/auth/request";

export async function beginSignInAction() {
  return runAction(async () => {
    const ctx = await getAppContext();
    return beginPasskeySignIn({ clientAddress: await clientIp(ctx.server) }, ctx);
  });
}

/** Verifies the passkey assertion, starts a session and opens the account page. */
export async function finishSignInAction(response: unknown) {
  const result = await runAction(async () => {
    const ctx = await getAppContext();
    const forgetAttempt = signInLimiter().attempt(await clientIp(ctx.server));
    const { userId } = await finishPasskeySignIn({ response: parseInput(authenticationResponseSchema, response) }, ctx);
    forgetAttempt();
    // The browser's previous session (another account, or a stale one) ends with this sign-in.
    const previousToken = await readSessionToken(ctx.server.APP_URL);
    const session = await createSession(userId, ctx, { ...(await requestMeta(ctx.server)), previousToken });
    await setSessionCookie(session.token, ctx.server.APP_URL);
  });
  if (result.ok) redirect("/settings/account");
  return result;
}
