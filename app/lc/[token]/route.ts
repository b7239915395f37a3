import type { NextRequest } from "next/server";
import { getAppContext } from "@/lib/runtime";
import { clearLoginLinkCookie, setLoginLinkCookie } from "@/lib/auth/request";
import { oneTimeTokenSchema } from "@/lib/auth/schema";
import { errorResponse } from "@/lib/http/result";

export const dynamic = "force-dynamic";

/**
 * Opening a login link: nothing is used up (link scanners only GET). The token moves into a
 * short-lived httpOnly cookie and the browser continues to /lc, which asks before signing in.
 */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const ctx = await getAppContext();
    // A malformed link must not leave an earlier link's token in place.
    if (oneTimeTokenSchema.safeParse(token).success) await setLoginLinkCookie(token, ctx.server.APP_URL);
    else await clearLoginLinkCookie(ctx.server.APP_URL);
    return new Response(null, {
      status: 303,
      headers: { Location: "/lc", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
