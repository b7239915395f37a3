// The few HTML pages oidc-provider renders itself (errors, the sign-out question, signed out). Plain
// HTML without scripts; lib/oidc/provider-csp.ts gives them their Content-Security-Policy.
import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0;display:grid;min-height:100vh;place-items:center}
main{background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:2rem;max-width:28rem;margin:1rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{color:#475569;line-height:1.5}
button,a.button{font:inherit;border:0;border-radius:8px;padding:.6rem 1rem;margin:.25rem .5rem 0 0;cursor:pointer;background:#0f172a;color:#fff;text-decoration:none;display:inline-block}
button.secondary{background:#e2e8f0;color:#0f172a}
@media (prefers-color-scheme:dark){body{background:#020617;color:#f8fafc}main{background:#0f172a;border-color:#1e293b}p{color:#94a3b8}button,a.button{background:#f8fafc;color:#0f172a}button.secondary{background:#1e293b;color:#f8fafc}}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

/** Explains the failure in words; never redirects (an unknown client or redirect URI lands here). */
export async function renderError(koa: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  koa.type = "html";
  const description = out.error_description ? `<p>${escape(out.error_description)}</p>` : "";
  koa.body = page(
    "Sign-in request refused",
    `<p>The application sent a request this site cannot accept (<code>${escape(out.error)}</code>).</p>${description}<p>Go back to the application and try again; if it keeps happening, tell its administrator.</p>`,
  );
}

export async function logoutSource(koa: KoaContextWithOIDC, form: string): Promise<void> {
  const client = koa.oidc.client?.clientName;
  koa.body = page(
    "Sign out?",
    `${form}<p>${client ? `${escape(client)} asks to sign you out.` : "An application asks to sign you out."} This signs you out of this site too.</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(koa: KoaContextWithOIDC): Promise<void> {
  koa.body = page("Signed out", `<p>You are signed out.</p><a class="button" href="/login">Sign in again</a>`);
}
