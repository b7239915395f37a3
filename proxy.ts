// Runs before every route (Next.js 16 Proxy, the successor of middleware): refuses cross-site
// writes, oversized server action bodies and malformed paths, and gives every response the security headers with a
// fresh CSP nonce. The nonce also goes on the request's Content-Security-Policy header: that is
// where Next.js reads it to mark its own scripts, so only they run.
import { NextResponse, type NextRequest } from "next/server";
import { crossSiteRefusal } from "@/lib/security/origin";
import { generateNonce, securityHeaders } from "@/lib/security/headers";
import { isMalformedPath, isOversizedAction } from "@/lib/security/request-limits";

export function proxy(request: NextRequest): NextResponse {
  const appUrl = process.env.APP_URL || "http://localhost:3000";
  const headers = securityHeaders({
    nonce: generateNonce(),
    development: process.env.NODE_ENV === "development",
    https: appUrl.startsWith("https://"),
  });

  const refuse = (status: number, error: string) =>
    NextResponse.json({ error }, { status, headers: { ...headers, "Cache-Control": "no-store" } });
  if (crossSiteRefusal(request, appUrl, request.nextUrl.pathname)) return refuse(403, "Cross-site request refused: use this site's own pages.");
  if (isOversizedAction(request)) return refuse(413, "Request too large.");
  if (isMalformedPath(request.nextUrl.pathname)) return refuse(400, "Malformed URL.");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Build assets are immutable files: no nonce, no origin check needed.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
