// Bearer tokens configured by the operator (CRON_SECRET, METRICS_TOKEN): parsed from the
// Authorization header and compared in constant time.
import "server-only";
import crypto from "node:crypto";

/** The token of `Authorization: Bearer <token>`, else null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? match[1] : null;
}

/** Constant-time comparison: both sides are hashed first, so lengths never differ and never leak. */
export function bearerTokenMatches(token: string | null, secret: string | undefined): boolean {
  if (!secret || token === null) return false;
  const digest = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();
  return crypto.timingSafeEqual(digest(token), digest(secret));
}
