// The response headers every page and API answer carries (set by proxy.ts), kept free of Next.js
// imports so unit tests and the e2e specs check the very same policy.
//
// Scripts: a fresh nonce per request plus 'strict-dynamic' (Next.js reads the nonce from the
// request's Content-Security-Policy header and puts it on its own scripts), so no inline or injected
// script runs, and never 'unsafe-eval' outside `next dev`. Styles keep 'unsafe-inline': Radix
// primitives render style attributes, which nonces cannot cover; a style cannot run code.

export interface SecurityHeaderOptions {
  /** Base64 nonce of this request. */
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids there, and only there. */
  development?: boolean;
  /** APP_URL is https: add HSTS and upgrade stray http subresources. */
  https?: boolean;
}

/** 128 random bits, base64: unguessable and unique per response, as a CSP nonce must be. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({ nonce, development = false, https = false }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // Older browsers ignore frame-ancestors; both say "never inside a frame" (clickjacking).
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Nothing of a URL (a login link's path, a search) leaves the site; same-origin requests keep
    // their Origin header, which server actions and the origin check below rely on.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
