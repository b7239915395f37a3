// The HTTP side of sessions and login links (Next.js request APIs): cookies and the caller's address.
import "server-only";
import { cookies, headers } from "next/headers";
import type { ServerEnv } from "@/lib/config/server-env";
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

/**
 * The client's address from X-Forwarded-For (which `next start` fills from the socket when no proxy
 * sent one): the entry `trustedProxies` places from the right. Proxies append what they saw, so
 * entries further left came from the client and would let it pick its own rate-limit bucket.
 */
export function forwardedClient(forwardedFor: string | null, trustedProxies: number): string {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const client = entries[Math.max(0, entries.length - trustedProxies)];
  return client ? client.slice(0, 100) : "local";
}

export async function clientIp(server: Pick<ServerEnv, "TRUSTED_PROXY_COUNT">): Promise<string> {
  return forwardedClient((await headers()).get("x-forwarded-for"), server.TRUSTED_PROXY_COUNT);
}

export async function requestMeta(server: Pick<ServerEnv, "TRUSTED_PROXY_COUNT">): Promise<{ ipAddress: string; userAgent: string | null }> {
  return { ipAddress: await clientIp(server), userAgent: (await headers()).get("user-agent") };
}
