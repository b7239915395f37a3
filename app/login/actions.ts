"use server";

import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { parseInput, runAction } from "@/lib/http/result";
import { authenticationResponseSchema } from "@/lib/auth/schema";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/auth/sessions";
import { signInLimiter } from "@/lib/auth/rate-limit";
import { clientIp, requestMeta, setSessionCookie } from "@/lib/auth/request";

export async function beginSignInAction() {
  return runAction(async () => beginPasskeySignIn(undefined, await getAppContext()));
}

/** Where a sign-in may continue instead of the account page: an OpenID Connect sign-in request. */
const CONTINUE_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/** Verifies the passkey assertion, starts a session and opens the account page (or `continueTo`). */
export async function finishSignInAction(response: unknown, continueTo?: unknown) {
  const result = await runAction(async () => {
    const ctx = await getAppContext();
    const forgetAttempt = signInLimiter().attempt(await clientIp(ctx.server));
    const { userId } = await finishPasskeySignIn({ response: parseInput(authenticationResponseSchema, response) }, ctx);
    forgetAttempt();
    const session = await createSession(userId, ctx, await requestMeta(ctx.server));
    await setSessionCookie(session.token, ctx.server.APP_URL);
  });
  if (result.ok) redirect(typeof continueTo === "string" && CONTINUE_PATH.test(continueTo) ? continueTo : "/settings/account");
  return result;
}
