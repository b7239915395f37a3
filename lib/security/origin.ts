// Refuses state-changing requests that another site makes a browser send (CSRF). Next.js already
// compares Origin with Host for server actions; this covers route handlers too (sign-out, "Sync
// now" over /api/jobs) and answers a plain 403 before any application code runs. Requests without
// browser provenance headers (curl, cron callers, the CLI) pass: they carry no victim's cookies.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface RequestLike {
  method: string;
  headers: Headers;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

// OAuth endpoints applications call from their own origin (browser apps: CORS per client, checked
// by the provider). They authenticate with a client secret, a code and verifier, or a bearer token,
// never with this site's cookies, so a cross-site request gains nothing.
const CROSS_ORIGIN_API = new Set(["/api/oidc/token", "/api/oidc/userinfo", "/api/oidc/revoke", "/api/oidc/introspect"]);

/** Why this request must be refused as cross-site, or null when it may proceed. */
export function crossSiteRefusal(request: RequestLike, appUrl: string, pathname = ""): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (CROSS_ORIGIN_API.has(pathname)) return null;
  // Sent by every current browser and not settable by page scripts, so it decides alone when
  // present: a page with a no-referrer policy sends "Origin: null" even to its own site.
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none" ? null : `a ${site} request`;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  if (origin === new URL(appUrl).origin) return null;
  // Same host as the request reached (what Next.js accepts for server actions, e.g. behind a proxy).
  const host = hostOf(origin);
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (host !== null && (host === request.headers.get("host") || host === forwardedHost)) return null;
  return `Origin ${origin.slice(0, 100)}`;
}
