// Typed codes of short-lived login links: 6 characters from an unambiguous alphabet, stored only as
// an HMAC keyed by the instance's secret key (a leaked table does not let anyone try all ~887
// million codes offline). Single use with their link; /login/code is rate-limited per client.
import "server-only";
import crypto from "node:crypto";
import { LOGIN_CODE_ALPHABET, LOGIN_CODE_LENGTH } from "./schema";

export function generateLoginCode(): string {
  return Array.from({ length: LOGIN_CODE_LENGTH }, () => LOGIN_CODE_ALPHABET[crypto.randomInt(LOGIN_CODE_ALPHABET.length)]).join("");
}

/** "ABCDEF" as shown to people: "ABC-DEF". */
export function formatLoginCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** The stored form of a normalised code (loginCodeSchema's output). */
export function hashLoginCode(encryptionKey: Buffer, code: string): string {
  const key = Buffer.from(crypto.hkdfSync("sha256", encryptionKey, "pocket-id", "login-codes", 32));
  return crypto.createHmac("sha256", key).update(code, "utf8").digest("hex");
}
