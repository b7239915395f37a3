import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readServerEnv, readSettingsEnv } from "./env";
import { decryptSecret, encryptSecret, loadEncryptionKey } from "./secrets";
import { DEFAULT_SETTINGS, parseDurationSeconds } from "./settings";
import { getSettings, storeSettings } from "./index";
import { describeEachEngine } from "@/lib/db/testing";
import { appConfig } from "@/lib/db/schema";

describe("environment", () => {
  it("names the variable and the problem for a bad value", () => {
    expect(() => readSettingsEnv({ LDAP_ENABLED: "maybe" })).toThrow(/LDAP_ENABLED: must be true or false/);
    expect(() => readServerEnv({ APP_URL: "notaurl" })).toThrow(/APP_URL: must be an http\(s\) URL/);
    expect(() => readSettingsEnv({ LDAP_PAGE_SIZE: "0" })).toThrow(/LDAP_PAGE_SIZE: must be at least 1/);
    expect(() => readSettingsEnv({ LDAP_SYNC_INTERVAL: "soon" })).toThrow(/LDAP_SYNC_INTERVAL/);
  });

  it("reads NAME_FILE variants trimmed, aliases and the CA file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-env-"));
    fs.writeFileSync(path.join(dir, "pw"), "  s3cret\n");
    fs.writeFileSync(path.join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
    const settings = readSettingsEnv({
      LDAP_BIND_PASSWORD_FILE: path.join(dir, "pw"),
      LDAP_ATTRIBUTE_ADMIN_GROUP: "admins",
      LDAP_TLS_CA_FILE: path.join(dir, "ca.pem"),
      LDAP_ENABLED: "TRUE",
    });
    expect(settings).toMatchObject({ LDAP_BIND_PASSWORD: "s3cret", LDAP_ADMIN_GROUP_NAME: "admins", LDAP_ENABLED: true });
    expect(settings.LDAP_TLS_CA_CERT).toContain("BEGIN CERTIFICATE");
    expect(() => readSettingsEnv({ LDAP_BIND_PASSWORD_FILE: path.join(dir, "missing") })).toThrow(/LDAP_BIND_PASSWORD_FILE: cannot read/);
  });

  it("requires passkey user verification by default and reads Pocket ID's WEBAUTHN_USER_VERIFICATION", () => {
    expect(DEFAULT_SETTINGS.PASSKEY_USER_VERIFICATION).toBe("required");
    expect(readSettingsEnv({ WEBAUTHN_USER_VERIFICATION: "discouraged" })).toEqual({ PASSKEY_USER_VERIFICATION: "discouraged" });
    // Our own name wins when both are set.
    expect(readSettingsEnv({ WEBAUTHN_USER_VERIFICATION: "discouraged", PASSKEY_USER_VERIFICATION: "preferred" })).toEqual({
      PASSKEY_USER_VERIFICATION: "preferred",
    });
    expect(() => readSettingsEnv({ WEBAUTHN_USER_VERIFICATION: "always" })).toThrow(/WEBAUTHN_USER_VERIFICATION/);
  });

  it("applies defaults and strips a trailing slash from APP_URL", () => {
    const server = readServerEnv({ APP_URL: "https://id.example.com/" });
    expect(server).toMatchObject({ APP_URL: "https://id.example.com", DATA_DIR: "./data", UI_CONFIG_DISABLED: false, LOG_LEVEL: "info" });
    expect(parseDurationSeconds("1h30m")).toBe(5400);
    expect(parseDurationSeconds("bad")).toBeNull();
  });
});

describe("secrets at rest", () => {
  it("round-trips, binds the setting name and rejects a different key", () => {
    const key = crypto.randomBytes(32);
    const ciphertext = encryptSecret(key, "LDAP_BIND_PASSWORD", "hunter2");
    expect(ciphertext).not.toContain("hunter2");
    expect(decryptSecret(key, "LDAP_BIND_PASSWORD", ciphertext)).toBe("hunter2");
    expect(() => decryptSecret(key, "OTHER", ciphertext)).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret(crypto.randomBytes(32), "LDAP_BIND_PASSWORD", ciphertext)).toThrow(/ENCRYPTION_KEY/);
  });

  it("generates the key file once with mode 0600", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-key-"));
    const first = loadEncryptionKey({ DATA_DIR: dir, ENCRYPTION_KEY: undefined });
    expect(loadEncryptionKey({ DATA_DIR: dir, ENCRYPTION_KEY: undefined }).equals(first)).toBe(true);
    expect(fs.statSync(path.join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey({ DATA_DIR: dir, ENCRYPTION_KEY: "a-long-operator-key" }).equals(first)).toBe(false);
  });
});

describeEachEngine("settings precedence", (use) => {
  it("prefers app_config, then environment, then default; UI_CONFIG_DISABLED uses the environment only", async () => {
    const { ctx } = use();
    const envCtx = { ...ctx, envSettings: { LDAP_URL: "ldap://env:389", LDAP_PAGE_SIZE: 100 } };
    await storeSettings(ctx, { LDAP_URL: "ldap://db:389", LDAP_BIND_PASSWORD: "pw-in-db" });

    const effective = await getSettings(envCtx);
    expect(effective.values.LDAP_URL).toBe("ldap://db:389");
    expect(effective.values.LDAP_PAGE_SIZE).toBe(100);
    expect(effective.values.LDAP_TIMEOUT).toBe(60);
    expect(effective.sources).toMatchObject({ LDAP_URL: "database", LDAP_PAGE_SIZE: "environment", LDAP_TIMEOUT: "default" });
    expect(effective.values.LDAP_BIND_PASSWORD).toBe("pw-in-db");

    const stored = await ctx.db.select().from(appConfig);
    const password = stored.find((row) => row.key === "LDAP_BIND_PASSWORD")!;
    expect(password.encrypted).toBe(true);
    expect(password.value).not.toContain("pw-in-db");

    const locked = await getSettings({ ...envCtx, server: { ...ctx.server, UI_CONFIG_DISABLED: true } });
    expect(locked.readOnly).toBe(true);
    expect(locked.values.LDAP_URL).toBe("ldap://env:389");
    expect(locked.values.LDAP_BIND_PASSWORD).toBe("");
  });
});
