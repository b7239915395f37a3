import "server-only";
import crypto from "node:crypto";

/** 256 bits from the CSPRNG, base64url: used for session cookies and one-time links. */
export function generateToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Tokens are stored only as this digest; a database leak reveals no usable token. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}
