// The HTTP side of sessions and login links (Next.js request APIs): cookies and the caller's address.
import { cookies, headers } from "next/headers";
import { sessionCookieName, sessionCookieOptions } from "./sessions";

export async function readSessionToken(appUrl: string): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName(appUrl))?.value;
}

/**
 * A browser-session cookie (no Max-Age): the server-side expiry, which slides while the user is
 * active, decides how long it works. Only server actions and route handlers may call this.
 */
export async function setSessionCookie(token: string, appUrl: string): Promise<void> {
  (await cookies()).set(sessionCookieName(appUrl), token, sessionCookieOptions(appUrl));
}

export async function clearSessionCookie(appUrl: string): Promise<void> {
  (await cookies()).delete({ name: sessionCookieName(appUrl), ...sessionCookieOptions(appUrl) });
}

// A login link's token moves from the URL into this cookie (GET /lc/<token> → /lc), so it leaves
// the address bar and history and is never rendered into the page or its RSC payload.
const LOGIN_LINK_COOKIE_SECONDS = 15 * 60;

function loginLinkCookieName(appUrl: string): string {
  return appUrl.startsWith("https://") ? "__Host-pocket_id_login_link" : "pocket_id_login_link";
}

export async function setLoginLinkCookie(token: string, appUrl: string): Promise<void> {
  (await cookies()).set(loginLinkCookieName(appUrl), token, { ...sessionCookieOptions(appUrl), maxAge: LOGIN_LINK_COOKIE_SECONDS });
}

export async function readLoginLinkToken(appUrl: string): Promise<string | undefined> {
  return (await cookies()).get(loginLinkCookieName(appUrl))?.value;
}

export async function clearLoginLinkCookie(appUrl: string): Promise<void> {
  (await cookies()).delete({ name: loginLinkCookieName(appUrl), ...sessionCookieOptions(appUrl) });
}

/** The first X-Forwarded-For entry when a proxy set one, else "local" (direct connection). */
export async function clientIp(): Promise<string> {
  const forwarded = (await headers()).get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first ? first.slice(0, 100) : "local";
}

export async function requestMeta(): Promise<{ ipAddress: string; userAgent: string | null }> {
  return { ipAddress: await clientIp(), userAgent: (await headers()).get("user-agent") };
}
