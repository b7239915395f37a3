"use server";

import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { loginLinkSchema } from "@/lib/auth/schema";
import { createOneTimeAccessToken } from "@/lib/auth/one-time-access";

/** "Create login link" on a user's page; createOneTimeAccessToken refuses callers who are not admins. */
export async function createLoginLinkAction(values: unknown) {
  return runAction(async () => {
    const link = await createOneTimeAccessToken(parseInput(loginLinkSchema, values), await getRequestContext());
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}
