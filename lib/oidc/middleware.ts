// Koa middleware around every provider request: RP-initiated logout also ends the app session, and
// the HTML the provider renders gets a Content-Security-Policy that fits it.
import "server-only";
import crypto from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { AppContext } from "@/lib/context";
import { deleteSession, sessionCookieName, sessionCookieOptions } from "@/lib/auth/sessions";

type Next = () => Promise<void>;

function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${crypto.hash("sha256", match[1], "base64")}'`);
}

/** Where this page's forms may go: this site and the current client's registered URIs (form_post, post-logout). */
function formTargets(koa: KoaContextWithOIDC): string[] {
  const client = koa.oidc?.client;
  const uris = [...(client?.redirectUris ?? []), ...(client?.postLogoutRedirectUris ?? [])];
  return [...new Set(uris.filter((uri) => URL.canParse(uri)).map((uri) => new URL(uri).origin).filter((origin) => origin !== "null"))];
}

export function providerPageCsp(html: string, formOrigins: string[]): string {
  const scripts = inlineScriptHashes(html);
  return [
    "default-src 'none'",
    `script-src ${scripts.length ? scripts.join(" ") : "'none'"}`,
    "style-src 'unsafe-inline'",
    `form-action 'self'${formOrigins.map((origin) => ` ${origin}`).join("")}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

async function endAppSession(koa: KoaContextWithOIDC, ctx: AppContext): Promise<void> {
  const name = sessionCookieName(ctx.server.APP_URL);
  const token = koa.cookies.get(name, { signed: false });
  if (token) await deleteSession(token, ctx);
  const { sameSite, ...options } = sessionCookieOptions(ctx.server.APP_URL);
  koa.cookies.set(name, null, { ...options, sameSite, signed: false });
}

export function providerMiddleware(ctx: AppContext) {
  return async (koa: KoaContextWithOIDC, next: Next) => {
    await next();
    if (koa.oidc?.route === "end_session_confirm" && koa.oidc.params?.logout) await endAppSession(koa, ctx);
    if (typeof koa.body === "string" && koa.response.is("html")) {
      koa.set("Content-Security-Policy", providerPageCsp(koa.body, formTargets(koa)));
      koa.set("Cache-Control", "no-store");
    }
  };
}
