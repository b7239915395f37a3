import type { NextRequest } from "next/server";
import { getAppContext } from "@/lib/runtime";
import { clearSessionCookie, readSessionToken } from "@/lib/auth/request";
import { deleteSession } from "@/lib/auth/sessions";
import { errorResponse } from "@/lib/http/result";
import { ForbiddenError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Another site must not be able to sign people out with a form post. Sec-Fetch-Site is reliable in
 * current browsers; Origin is the fallback ("null" under a no-referrer policy, so not conclusive).
 */
function isCrossSite(request: NextRequest, appUrl: string): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("origin");
  return origin !== null && origin !== "null" && origin !== new URL(appUrl).origin;
}

/** "Sign out" form target: ends the session server-side, drops the cookie, shows the sign-in page. */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    const ctx = await getAppContext();
    if (isCrossSite(request, ctx.server.APP_URL)) throw new ForbiddenError("Sign out from this site's own pages.");
    const token = await readSessionToken(ctx.server.APP_URL);
    if (token) await deleteSession(token, ctx);
    await clearSessionCookie(ctx.server.APP_URL);
    // 303: the browser follows with a GET, not a second POST.
    return new Response(null, { status: 303, headers: { Location: "/login" } });
  } catch (error) {
    return errorResponse(error);
  }
}
