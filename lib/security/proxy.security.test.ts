// What proxy.ts applies to every request, as pure functions: the security headers, the cross-site
// write check and the action body limit. e2e/security-headers.spec.ts checks them on the running app.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, generateNonce, securityHeaders } from "./headers";
import { crossSiteRefusal } from "./origin";
import { ACTION_BODY_LIMIT_BYTES, isMalformedPath, isOversizedAction } from "./request-limits";

describe("security headers", () => {
  it("allows only nonce-bearing scripts in production: no unsafe-eval, no unsafe-inline, no frames", () => {
    const nonce = generateNonce();
    const csp = contentSecurityPolicy({ nonce });
    const script = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(script).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce, development: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce, https: true })).toContain("upgrade-insecure-requests");
  });

  it("uses a fresh 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, generateNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sends nosniff, a same-origin referrer policy and HSTS only over https", () => {
    const http = securityHeaders({ nonce: "n" });
    expect(http).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY" });
    expect(http).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ nonce: "n", https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
  });
});

describe("cross-site write check", () => {
  const APP_URL = "https://id.example.com";
  const request = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers({ host: "id.example.com", ...headers }) });

  it.each([
    ["GET from anywhere", request("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" })],
    ["a same-origin browser POST", request("POST", { origin: APP_URL, "sec-fetch-site": "same-origin" })],
    ["a typed-in navigation", request("POST", { "sec-fetch-site": "none" })],
    ["a form on a no-referrer page (Origin null, same-origin metadata)", request("POST", { origin: "null", "sec-fetch-site": "same-origin" })],
    ["curl or a cron caller (no Origin)", request("POST", {})],
    ["the app's origin without fetch metadata", request("POST", { origin: APP_URL })],
    ["an origin matching the Host header behind a proxy", request("POST", { origin: "http://internal:3000", host: "internal:3000" })],
  ])("lets %s through", (_name, req) => {
    expect(crossSiteRefusal(req, APP_URL)).toBeNull();
  });

  it.each([
    ["a cross-site form post", request("POST", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), /cross-site/],
    ["a sibling site (same-site, other origin)", request("POST", { origin: "https://other.example.com", "sec-fetch-site": "same-site" }), /same-site/],
    ["a foreign Origin without fetch metadata", request("DELETE", { origin: "https://evil.example" }), /Origin https:\/\/evil\.example/],
    ["an opaque origin without fetch metadata", request("POST", { origin: "null" }), /Origin null/],
    ["a malformed origin", request("PUT", { origin: "%%%" }), /Origin %%%/],
  ])("refuses %s", (_name, req, reason) => {
    expect(crossSiteRefusal(req, APP_URL)).toMatch(reason);
  });

  it("lets applications call the OAuth endpoints cross-origin, but not the sign-in pages' posts", () => {
    const crossSite = request("POST", { origin: "https://app.example", "sec-fetch-site": "cross-site" });
    for (const path of ["/api/oidc/token", "/api/oidc/userinfo", "/api/oidc/revoke", "/api/oidc/introspect"]) {
      expect(crossSiteRefusal(crossSite, APP_URL, path)).toBeNull();
    }
    for (const path of ["/interaction/abc/confirm", "/api/oidc/end-session/confirm", "/api/oidc/interaction/abc/login", "/api/oidc/token/x"]) {
      expect(crossSiteRefusal(crossSite, APP_URL, path)).toMatch(/cross-site/);
    }
  });
});

describe("requests refused before routing", () => {
  const action = (length: number, extra: Record<string, string> = {}) => ({
    method: "POST",
    headers: new Headers({ "next-action": "abc", "content-length": String(length), ...extra }),
  });

  it("refuses an action body over Next.js's 1 MB limit, and nothing else", () => {
    expect(isOversizedAction(action(ACTION_BODY_LIMIT_BYTES + 1))).toBe(true);
    expect(isOversizedAction(action(ACTION_BODY_LIMIT_BYTES))).toBe(false);
    expect(isOversizedAction({ method: "POST", headers: new Headers({ "content-length": "99999999" }) })).toBe(false);
    expect(isOversizedAction({ method: "GET", headers: new Headers({ "next-action": "abc", "content-length": "99999999" }) })).toBe(false);
  });
});

describe("malformed paths", () => {
  it("refuses percent-encoding that is not UTF-8, and only that", () => {
    expect(isMalformedPath("/lc/%FF%FE")).toBe(true);
    expect(isMalformedPath("/settings/admin/users/ab%ED%A0%80cd")).toBe(true);
    expect(isMalformedPath("/lc/%E2%80%AEabc")).toBe(false);
    expect(isMalformedPath("/settings/admin/users/%20x")).toBe(false);
  });
});
