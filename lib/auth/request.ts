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
 * The connection's peer address, set by Next.js's server on every request and overwriting any value
 * a client sent under this name (patches/next+16.4.6.patch: unpatched, Next.js keeps a client's own
 * X-Forwarded-For and the peer address is lost).
 */
export const PEER_ADDRESS_HEADER = "x-pocket-id-peer-address";

/**
 * The client's address from X-Forwarded-For (which `next start` fills from the socket when no proxy
 * sent one): the entry `trustedProxies` places from the right. Proxies append what they saw, so
 * entries further left came from the client and would let it pick its own rate-limit bucket.
 */
export function forwardedClient(forwardedFor: string | null, trustedProxies: number): string {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const client = entries[Math.max(0, entries.length - trustedProxies)];
  // An IPv4 client on a dual-stack socket shows as ::ffff:192.0.2.1.
  return client ? client.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, 100) : "local";
}

type ProxySettings = Pick<ServerEnv, "TRUST_PROXY" | "TRUSTED_PROXY_COUNT">;

/**
 * Who is calling: the connection's peer, unless the operator declared a reverse proxy
 * (TRUST_PROXY=true); only then does X-Forwarded-For count, read from the right.
 */
export function clientAddress(headers: Pick<Headers, "get">, server: ProxySettings): string {
  if (server.TRUST_PROXY) return forwardedClient(headers.get("x-forwarded-for"), server.TRUSTED_PROXY_COUNT);
  return forwardedClient(headers.get(PEER_ADDRESS_HEADER), 1);
}

export async function clientIp(server: ProxySettings): Promise<string> {
  return clientAddress(await headers(), server);
}

export async function requestMeta(server: ProxySettings): Promise<{ ipAddress: string; userAgent: string | null }> {
  return { ipAddress: await clientIp(server), userAgent: (await headers()).get("user-agent") };
}
