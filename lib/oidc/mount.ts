// Path mapping between Pocket ID's public OIDC paths and the Pages API route that serves them.
import "server-only";

/** Public paths served outside /api/oidc, rewritten to /api/oidc/<same path> by next.config.ts. */
const REWRITTEN_ROOTS = new Set(["authorize", ".well-known"]);

/**
 * The URL the provider must see: the public path from the catch-all segments, with the query the
 * client sent (Next.js adds the route's own `oidc` parameter to rewritten requests: dropped).
 */
export function publicOidcUrl(segments: readonly string[], requestUrl: string): string {
  const path = REWRITTEN_ROOTS.has(segments[0]) ? `/${segments.join("/")}` : `/api/oidc/${segments.join("/")}`;
  const query = new URL(requestUrl, "http://internal").searchParams;
  query.delete("oidc");
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
