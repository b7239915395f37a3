// Requests proxy.ts turns away with a plain 4xx before any route runs, where Next.js would answer
// with an opaque error: an action body over its limit, a path that is not valid UTF-8.

// Server action bodies above Next.js's limit (serverActions.bodySizeLimit, 1 MB by default) never
// reach an action: Next.js stops reading and answers HTTP 200 with an opaque error row.
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/** True for a server action request that announces a body over the limit. */
export function isOversizedAction(request: { method: string; headers: Headers }): boolean {
  if (request.method.toUpperCase() !== "POST" || !request.headers.has("next-action")) return false;
  const length = Number(request.headers.get("content-length"));
  return Number.isFinite(length) && length > ACTION_BODY_LIMIT_BYTES;
}

/**
 * A path whose percent-encoding is not UTF-8 (`/lc/%FF`): Next.js fails with a 500 when it decodes
 * the dynamic segment for the page; it is a bad request.
 */
export function isMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
