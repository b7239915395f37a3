"use server";

import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { parseInput, runAction } from "@/lib/http/result";
import { registrationResponseSchema, setupSchema } from "@/lib/auth/schema";
import { beginSetup, finishSetup } from "@/lib/auth/setup";
import { createSession } from "@/lib/auth/sessions";
import { requestMeta, setSessionCookie } from "@/lib/auth/request";

/** Step 1: validates the admin's details and returns the options for creating their passkey. */
export async function beginSetupAction(values: unknown) {
  return runAction(async () => beginSetup(parseInput(setupSchema, values), await getAppContext()));
}

/** Step 2: creates the admin with the passkey, signs them in and opens their account page. */
export async function finishSetupAction(response: unknown) {
  const result = await runAction(async () => {
    const ctx = await getAppContext();
    const { userId } = await finishSetup({ response: parseInput(registrationResponseSchema, response) }, ctx);
    const session = await createSession(userId, ctx, await requestMeta(ctx.server));
    await setSessionCookie(session.token, ctx.server.APP_URL);
  });
  if (result.ok) redirect("/settings/account");
  return result;
}
