import { describe, expect, it } from "vitest";
import { publicOidcUrl } from "./mount";
import { providerPageCsp } from "./middleware";
import { callbackUrlSchema } from "./schema";

describe("OIDC mount", () => {
  it("gives the provider the public path the client used, with its query and without Next.js's route parameter", () => {
    expect(publicOidcUrl(["authorize"], "/api/oidc/authorize?client_id=a&scope=openid+email&oidc=authorize")).toBe("/authorize?client_id=a&scope=openid+email");
    expect(publicOidcUrl(["authorize", "uid-1"], "/authorize/uid-1")).toBe("/authorize/uid-1");
    expect(publicOidcUrl([".well-known", "openid-configuration"], "/.well-known/openid-configuration")).toBe("/.well-known/openid-configuration");
    expect(publicOidcUrl(["token"], "/api/oidc/token")).toBe("/api/oidc/token");
    expect(publicOidcUrl(["end-session", "confirm"], "/api/oidc/end-session/confirm?oidc=end-session&oidc=confirm")).toBe("/api/oidc/end-session/confirm");
  });

  it("gives provider pages a CSP allowing exactly their inline scripts and the client's origins as form targets", () => {
    const script = "document.forms[0].submit()";
    const csp = providerPageCsp(`<html><script>${script}</script><form></form></html>`, ["https://app.example"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("form-action 'self' https://app.example");
    expect(providerPageCsp("<p>no script</p>", [])).toContain("script-src 'none'");
  });
});

describe("callback URLs", () => {
  it.each(["https://app.example/cb", "http://localhost:8080/oauth2/callback", "com.example.app:/callback", "https://app.example/cb?tenant=1"])("accepts %s", (url) => {
    expect(callbackUrlSchema.safeParse(url).success).toBe(true);
  });
  it.each(["/cb", "https://app.example/cb#x", "javascript:alert(1)", "data:text/html,x", "not a url", "https://", ""])("refuses %s", (url) => {
    expect(callbackUrlSchema.safeParse(url).success).toBe(false);
  });
});
