// Runs before every route (Next.js 16 Proxy, the successor of middleware): refuses cross-site
// writes, and gives every response the security headers with a fresh CSP nonce. The nonce also goes
// on the request's Content-Security-Policy header: that is where Next.js reads it to mark its own
// scripts, so only they run.
import { NextResponse, type NextRequest } from "next/server";
import { crossSiteRefusal } from "@/lib/security/origin";
import { generateNonce, securityHeaders } from "@/lib/security/headers";

export function proxy(request: NextRequest): NextResponse {
  const appUrl = process.env.APP_URL || "http://localhost:3000";
  const headers = securityHeaders({
    nonce: generateNonce(),
    development: process.env.NODE_ENV === "development",
    https: appUrl.startsWith("https://"),
  });

  const refusal = crossSiteRefusal(request, appUrl);
  if (refusal) {
    return NextResponse.json(
      { error: "Cross-site request refused: use this site's own pages." },
      { status: 403, headers: { ...headers, "Cache-Control": "no-store" } },
    );
  }

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
