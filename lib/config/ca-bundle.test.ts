// A realistic CA bundle (the system's bundle plus the directory's own CA, ~220 KB) is accepted from
// LDAP_TLS_CA_FILE and pasted into the form, and a TLS connection to slapd trusts it; a file that is
// unreadable, too large or not PEM is refused with exactly that, naming the variable and the path.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConnectionTest } from "@/lib/ldap/test-connection";
import { fixtureLdif } from "@/lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { readSettingsEnv } from "./env";
import { CA_CERT_FIELD_MAX, configFormDefaults, configFormSchema } from "./form-schema";
import { DEFAULT_SETTINGS, settingsSchema } from "./settings";

const SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

describe("LDAP_TLS_CA_FILE with a realistic bundle", () => {
  let slapd: SlapdServer;
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.add(fixtureLdif(slapd.suffix));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-ca-"));
    // Debian's bundle when present; otherwise as many certificates as it holds (~150), so the size is the same.
    const system = fs.existsSync(SYSTEM_BUNDLE) ? fs.readFileSync(SYSTEM_BUNDLE, "utf8") : `${slapd.caCert.trim()}\n`.repeat(150);
    bundle = path.join(dir, "bundle.pem");
    fs.writeFileSync(bundle, `${system.trimEnd()}\n${slapd.caCert.trim()}\n`);
  }, 60_000);
  afterAll(async () => {
    await slapd?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads a bundle of more than 200 KB and a TLS connection to the directory trusts it", async () => {
    expect(fs.statSync(bundle).size).toBeGreaterThan(200_000);
    const env = readSettingsEnv({ ...slapd.env("ldaps"), LDAP_TLS_CA_FILE: bundle });
    expect(env.LDAP_TLS_CA_CERT).toBe(fs.readFileSync(bundle, "utf8"));
    const report = await runConnectionTest(settingsSchema.parse(env));
    expect(report.steps.slice(0, 3).map((step) => [step.id, step.status])).toEqual([["connect", "ok"], ["bind", "ok"], ["base", "ok"]]);
    expect(report.ok).toBe(true);

    // Without the directory's CA the same connection is not trusted: the bundle is what made it work.
    const systemOnly = path.join(dir, "system-only.pem");
    fs.writeFileSync(systemOnly, fs.readFileSync(bundle, "utf8").replace(slapd.caCert.trim(), ""));
    const untrusted = await runConnectionTest(settingsSchema.parse(readSettingsEnv({ ...slapd.env("ldaps"), LDAP_TLS_CA_FILE: systemOnly })));
    expect(untrusted.steps[0]).toMatchObject({ id: "connect", status: "error", message: expect.stringMatching(/not trusted/) });
  });

  it("says when the file is unreadable, too large or not PEM, naming the variable and the path", () => {
    const missing = path.join(dir, "missing.pem");
    expect(() => readSettingsEnv({ LDAP_TLS_CA_FILE: missing })).toThrow(`LDAP_TLS_CA_FILE: cannot read ${missing} (ENOENT)`);
    expect(() => readSettingsEnv({ LDAP_TLS_CA_FILE: dir })).toThrow(`LDAP_TLS_CA_FILE: cannot read ${dir} (EISDIR)`);

    const huge = path.join(dir, "huge.pem");
    fs.writeFileSync(huge, "");
    fs.truncateSync(huge, 6 * 1024 * 1024);
    expect(() => readSettingsEnv({ LDAP_TLS_CA_FILE: huge })).toThrow(`LDAP_TLS_CA_FILE: ${huge} is too large (6.0 MB); a CA bundle may be at most 5.0 MB`);

    const key = path.join(dir, "key.pem");
    fs.writeFileSync(key, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    expect(() => readSettingsEnv({ LDAP_TLS_CA_FILE: key })).toThrow(
      `LDAP_TLS_CA_FILE: ${key} is not a PEM certificate bundle (must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----))`,
    );
  });

  it("accepts the same bundle pasted into the configuration form, and names the file variable for a larger one", () => {
    const pasted = { ...configFormDefaults(DEFAULT_SETTINGS), LDAP_TLS_CA_CERT: fs.readFileSync(bundle, "utf8") };
    expect(configFormSchema.safeParse(pasted).success).toBe(true);
    const tooLarge = configFormSchema.safeParse({ ...pasted, LDAP_TLS_CA_CERT: pasted.LDAP_TLS_CA_CERT.repeat(3) });
    expect(tooLarge.error?.issues.find((issue) => issue.path[0] === "LDAP_TLS_CA_CERT")?.message).toBe(
      `must be at most ${CA_CERT_FIELD_MAX} characters; use LDAP_TLS_CA_FILE for a larger bundle`,
    );
  });
});
