import type { NextRequest } from "next/server";
import { getAppContext } from "@/lib/runtime";
import { clearSessionCookie, readSessionToken } from "@/lib/auth/request";
import { deleteSession } from "@/lib/auth/sessions";
import { errorResponse } from "@/lib/http/result";
import { ForbiddenError } from "@/lib/errors";
import { crossSiteRefusal } from "@/lib/security/origin";

export const dynamic = "force-dynamic";

/** "Sign out" form target: ends the session server-side, drops the cookie, shows the sign-in page. */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    const ctx = await getAppContext();
    // proxy.ts refuses cross-site writes first; the same check here keeps the route safe on its own.
    if (crossSiteRefusal(request, ctx.server.APP_URL)) throw new ForbiddenError("Sign out from this site's own pages.");
    const token = await readSessionToken(ctx.server.APP_URL);
    if (token) await deleteSession(token, ctx);
    await clearSessionCookie(ctx.server.APP_URL);
    // 303: the browser follows with a GET, not a second POST.
    return new Response(null, { status: 303, headers: { Location: "/login" } });
  } catch (error) {
    return errorResponse(error);
  }
}
