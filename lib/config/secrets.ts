import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ServerEnv } from "./server-env";

const KEY_FILE = "encryption.key";
const VERSION = "v1";

/**
 * The 32-byte key for secrets at rest: derived from ENCRYPTION_KEY, or generated once into
 * DATA_DIR (mode 0600). Replicas sharing one PostgreSQL database must share ENCRYPTION_KEY.
 */
export function loadEncryptionKey(server: Pick<ServerEnv, "ENCRYPTION_KEY" | "DATA_DIR">): Buffer {
  if (server.ENCRYPTION_KEY) {
    return Buffer.from(crypto.hkdfSync("sha256", server.ENCRYPTION_KEY, "pocket-id", "app-config-secrets", 32));
  }
  const file = path.resolve(server.DATA_DIR, KEY_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; restore it or set ENCRYPTION_KEY`);
  return key;
}

/** AES-256-GCM; the setting name is bound in as associated data so ciphertexts cannot be swapped. */
export function encryptSecret(key: Buffer, name: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(name));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function decryptSecret(key: Buffer, name: string, ciphertext: string): string {
  const [version, iv, tag, body] = ciphertext.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error(`stored ${name} is not a recognised ciphertext`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(name));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`stored ${name} cannot be decrypted: ENCRYPTION_KEY or DATA_DIR/${KEY_FILE} changed since it was saved`);
  }
}
