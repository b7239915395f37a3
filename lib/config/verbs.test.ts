// The configuration verbs on both database engines, and Test connection against a real slapd.
import crypto from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withActor, type Actor, type AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { appConfig } from "@/lib/db/schema";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { FIXTURE, fixtureLdif } from "@/lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { configFormDefaults, type ConfigFormInput } from "./form-schema";
import { getSettings } from "./index";
import { ldapPreset } from "./presets";
import { DEFAULT_SETTINGS } from "./settings";
import { getConfigurationForAdmin, READ_ONLY_MESSAGE, RETYPE_PASSWORD_MESSAGE, saveConfiguration, setLdapEnabled, testLdapConnection } from "./verbs";

const PASSWORD = "hunter2-correct-horse";
const admin: Actor = { userId: crypto.randomUUID(), isAdmin: true, kind: "user" };
const member: Actor = { userId: crypto.randomUUID(), isAdmin: false, kind: "user" };

function form(overrides: Partial<ConfigFormInput> = {}): ConfigFormInput {
  return {
    ...configFormDefaults(DEFAULT_SETTINGS),
    ...ldapPreset("openldap")!.values,
    LDAP_URL: "ldap://ldap.example.org:389",
    LDAP_BIND_DN: "cn=reader,dc=example,dc=org",
    LDAP_BASE: "dc=example,dc=org",
    ...overrides,
  };
}

/** A TCP listener on a free local port that counts connections and keeps every byte it receives. */
async function captureListener() {
  const chunks: Buffer[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    // The first request (the bind) is enough to see what was sent; closing makes the test fail fast.
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    received: () => Buffer.concat(chunks).toString("latin1"),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the server action does: parse with the shared schema, then call the verb. */
const save = async (input: ConfigFormInput, ctx: AppContext) => saveConfiguration(input, ctx);

async function storedRows(ctx: AppContext) {
  return Object.fromEntries((await ctx.db.select().from(appConfig)).map((row) => [row.key, row]));
}

describeEachEngine("configuration verbs", (use) => {
  let ctx: AppContext;
  beforeEach(async () => {
    ctx = withActor(use().ctx, admin);
    await ctx.db.delete(appConfig);
  });

  it("saves the form; the bind password is encrypted at rest and never returned", async () => {
    await save(form({ LDAP_BIND_PASSWORD: PASSWORD, APP_NAME: "Acme ID", LDAP_PAGE_SIZE: "250" }), ctx);
    const rows = await storedRows(ctx);
    expect(rows.LDAP_BIND_PASSWORD).toMatchObject({ encrypted: true });
    expect(rows.LDAP_BIND_PASSWORD.value).not.toContain(PASSWORD);
    expect(rows.APP_NAME.value).toBe("Acme ID");
    expect(rows.LDAP_PAGE_SIZE.value).toBe("250");
    expect((await getSettings(ctx)).values.LDAP_BIND_PASSWORD).toBe(PASSWORD);

    const config = await getConfigurationForAdmin(ctx);
    expect(config).toMatchObject({ bindPasswordSet: true, readOnly: false });
    expect(config.values).toMatchObject({ APP_NAME: "Acme ID", LDAP_PAGE_SIZE: 250 });
    expect(config.sources.APP_NAME).toBe("database");
    expect(JSON.stringify(config)).not.toContain(PASSWORD);
  });

  it("keeps the stored password when the field is empty, replaces it when given, clears it on request", async () => {
    await save(form({ LDAP_BIND_PASSWORD: PASSWORD }), ctx);
    const first = (await storedRows(ctx)).LDAP_BIND_PASSWORD.value;

    await save(form({ APP_NAME: "Renamed" }), ctx);
    expect((await storedRows(ctx)).LDAP_BIND_PASSWORD.value).toBe(first);
    expect((await getSettings(ctx)).values.LDAP_BIND_PASSWORD).toBe(PASSWORD);

    await save(form({ LDAP_BIND_PASSWORD: "replaced-password" }), ctx);
    expect((await getSettings(ctx)).values.LDAP_BIND_PASSWORD).toBe("replaced-password");

    await save(form({ clearBindPassword: true }), ctx);
    expect((await storedRows(ctx)).LDAP_BIND_PASSWORD).toBeUndefined();
    expect((await getConfigurationForAdmin(ctx)).bindPasswordSet).toBe(false);
  });

  it("shows a password saved under another encryption key as not set, instead of failing", async () => {
    await save(form({ LDAP_BIND_PASSWORD: PASSWORD, APP_NAME: "Kept" }), ctx);
    const rekeyed = { ...ctx, encryptionKey: crypto.randomBytes(32) };
    const config = await getConfigurationForAdmin(rekeyed);
    expect(config).toMatchObject({ bindPasswordSet: false, values: { APP_NAME: "Kept" } });
    await save(form({ LDAP_BIND_PASSWORD: "entered-again" }), rekeyed);
    expect((await getSettings(rekeyed)).values.LDAP_BIND_PASSWORD).toBe("entered-again");
  });

  it("rejects invalid input with field errors and stores nothing", async () => {
    const invalid = form({ LDAP_URL: "http://ldap", LDAP_BIND_DN: "reader", LDAP_USER_SEARCH_FILTER: "(uid=a", LDAP_TIMEOUT: "0" });
    const error = await save(invalid, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["LDAP_BIND_DN", "LDAP_TIMEOUT", "LDAP_URL", "LDAP_USER_SEARCH_FILTER"]);
    expect(await storedRows(ctx)).toEqual({});
  });

  it("requires a bind password (entered or stored) to enable LDAP, and refuses clearing it while enabled", async () => {
    const refused = await save(form({ LDAP_ENABLED: true }), ctx).catch((e: unknown) => e);
    expect((refused as ValidationError).fieldErrors).toEqual({ LDAP_BIND_PASSWORD: ["Required when LDAP is enabled"] });
    expect(await storedRows(ctx)).toEqual({});

    await save(form({ LDAP_ENABLED: true, LDAP_BIND_PASSWORD: PASSWORD }), ctx);
    await save(form({ LDAP_ENABLED: true }), ctx); // the stored one counts
    const clearing = await save(form({ LDAP_ENABLED: true, clearBindPassword: true }), ctx).catch((e: unknown) => e);
    expect((clearing as ValidationError).fieldErrors.LDAP_BIND_PASSWORD).toEqual(["Required when LDAP is enabled"]);
    expect((await getSettings(ctx)).values.LDAP_BIND_PASSWORD).toBe(PASSWORD);
  });

  it("enables LDAP only with a complete saved configuration; disables any time", async () => {
    const incomplete = await setLdapEnabled(true, ctx).catch((e: unknown) => e);
    expect(incomplete).toBeInstanceOf(ValidationError);
    expect(Object.keys((incomplete as ValidationError).fieldErrors)).toEqual(
      expect.arrayContaining(["LDAP_URL", "LDAP_BIND_DN", "LDAP_BASE", "LDAP_BIND_PASSWORD", "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER"]),
    );
    await save(form({ LDAP_BIND_PASSWORD: PASSWORD }), ctx);
    await setLdapEnabled(true, ctx);
    expect((await getSettings(ctx)).values.LDAP_ENABLED).toBe(true);
    await setLdapEnabled(false, ctx);
    expect((await getSettings(ctx)).values.LDAP_ENABLED).toBe(false);
  });

  it("refuses anonymous callers and non-admins", async () => {
    for (const [actor, type] of [
      [null, UnauthenticatedError],
      [member, ForbiddenError],
    ] as const) {
      const other = withActor(ctx, actor);
      await expect(getConfigurationForAdmin(other)).rejects.toBeInstanceOf(type);
      await expect(save(form({ APP_NAME: "Hijacked" }), other)).rejects.toBeInstanceOf(type);
      await expect(setLdapEnabled(false, other)).rejects.toBeInstanceOf(type);
      await expect(testLdapConnection(form(), other)).rejects.toBeInstanceOf(type);
    }
    expect(await storedRows(ctx)).toEqual({});
  });

  it("with UI_CONFIG_DISABLED shows the environment's values read-only and refuses every write", async () => {
    const envOnly: AppContext = {
      ...ctx,
      server: { ...ctx.server, UI_CONFIG_DISABLED: true },
      envSettings: { LDAP_URL: "ldaps://env.example.org", LDAP_BIND_PASSWORD: "env-secret" },
    };
    const config = await getConfigurationForAdmin(envOnly);
    expect(config).toMatchObject({ readOnly: true, bindPasswordSet: true, values: { LDAP_URL: "ldaps://env.example.org" } });
    expect(config.sources).toMatchObject({ LDAP_URL: "environment", APP_NAME: "default" });
    expect(JSON.stringify(config)).not.toContain("env-secret");

    await expect(save(form({ APP_NAME: "Nope" }), envOnly)).rejects.toMatchObject({ code: "read_only_config", message: READ_ONLY_MESSAGE });
    await expect(setLdapEnabled(true, envOnly)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setLdapEnabled(false, envOnly)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await storedRows(ctx)).toEqual({});
  });
});

describe("testLdapConnection against slapd", () => {
  let slapd: SlapdServer;
  let ctx: AppContext;

  beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.add(fixtureLdif(slapd.suffix));
  }, 60_000);
  afterAll(() => slapd?.stop());

  describeEachEngine("with stored settings", (use) => {
    beforeAll(async () => {
      ctx = withActor(use().ctx, admin);
      await ctx.db.delete(appConfig);
    });

    const harnessForm = (overrides: Partial<ConfigFormInput> = {}) =>
      form({
        LDAP_URL: slapd.ldapsUrl,
        LDAP_TLS_CA_CERT: slapd.caCert,
        LDAP_BIND_DN: slapd.readerDn,
        LDAP_BIND_PASSWORD: slapd.readerPassword,
        LDAP_BASE: slapd.suffix,
        ...overrides,
      });

    it("connects over ldaps with the CA, binds, searches and maps sample users", async () => {
      const report = await testLdapConnection(harnessForm(), ctx);
      expect(report.steps.map((step) => [step.id, step.status])).toEqual([
        ["connect", "ok"],
        ["bind", "ok"],
        ["base", "ok"],
        ["users", "warning"], // nomail has no e-mail, dave's e-mail is shared: still ok to sync
        ["groups", "ok"],
      ]);
      expect(report.ok).toBe(true);
      expect(report.users).toEqual({ count: FIXTURE.usernames.length, capped: false });
      expect(report.groups?.count).toBe(FIXTURE.groupOfNamesNames.length);
      expect(report.sampleUsers).toHaveLength(5);
      expect(report.sampleUsers[0]).toMatchObject({ username: "alice", email: "alice@example.org", displayName: "Alice Anderson", skipReason: null });
      expect(report.sampleUsers[0].uniqueId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(report)).not.toContain(slapd.readerPassword);
    });

    it("says in plain words what is wrong", async () => {
      const message = async (overrides: Partial<ConfigFormInput>) => {
        const report = await testLdapConnection(harnessForm(overrides), ctx);
        expect(report.ok).toBe(false);
        return report.steps.find((step) => step.status === "error")!;
      };
      expect(await message({ LDAP_TLS_CA_CERT: "" })).toMatchObject({ id: "connect", message: expect.stringMatching(/not trusted \(self-signed.*add the CA certificate or enable skip verification/) });
      expect(await message({ LDAP_BIND_PASSWORD: "wrong" })).toMatchObject({ id: "bind", message: expect.stringMatching(/invalid credentials/i) });
      expect(await message({ LDAP_BASE: "ou=nowhere,dc=example,dc=org" })).toMatchObject({ id: "base", message: expect.stringMatching(/does not exist/) });
      expect(await message({ LDAP_USER_SEARCH_FILTER: "(objectClass=nothingLikeThis)" })).toMatchObject({ id: "users", message: expect.stringMatching(/User filter matched 0 entries/) });
      expect(await message({ LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "uuid" })).toMatchObject({
        id: "users",
        message: expect.stringMatching(/Unique identifier attribute `uuid` missing on 5 of 5 sample entries/),
      });
    });

    it("accepts skip verification, StartTLS, and the stored password when the field is empty", async () => {
      expect((await testLdapConnection(harnessForm({ LDAP_TLS_CA_CERT: "", LDAP_SKIP_CERT_VERIFY: true }), ctx)).ok).toBe(true);
      expect((await testLdapConnection(harnessForm({ LDAP_URL: slapd.url, LDAP_START_TLS: true }), ctx)).ok).toBe(true);

      const missing = await testLdapConnection(harnessForm({ LDAP_BIND_PASSWORD: "" }), ctx).catch((e: unknown) => e);
      expect((missing as ValidationError).fieldErrors).toEqual({ LDAP_BIND_PASSWORD: ["Required when LDAP is enabled"] });

      await saveConfiguration(harnessForm(), ctx);
      expect((await testLdapConnection(harnessForm({ LDAP_BIND_PASSWORD: "" }), ctx)).ok).toBe(true);
    });

    it("never sends the saved password to another target: a local listener receives no connection, the password field asks for it", async () => {
      await saveConfiguration(harnessForm(), ctx);
      const listener = await captureListener();
      try {
        const lines: string[] = [];
        const logged = { ...ctx, log: { ...ctx.log, info: (msg: string, fields = {}) => lines.push(JSON.stringify({ msg, ...fields })), warn: (msg: string, fields = {}) => lines.push(JSON.stringify({ msg, ...fields })) } };
        const elsewhere = `ldap://127.0.0.1:${listener.port}`;
        const attempts: Partial<ConfigFormInput>[] = [
          { LDAP_URL: elsewhere, LDAP_TLS_CA_CERT: "" },
          { LDAP_URL: elsewhere },
          { LDAP_BIND_DN: `cn=admin,${slapd.suffix}` },
          { LDAP_SKIP_CERT_VERIFY: true },
          { LDAP_TLS_CA_CERT: "" },
        ];
        for (const overrides of attempts) {
          const refused = await testLdapConnection(harnessForm({ ...overrides, LDAP_BIND_PASSWORD: "" }), logged).catch((e: unknown) => e);
          expect(refused, JSON.stringify(overrides)).toBeInstanceOf(ValidationError);
          expect((refused as ValidationError).fieldErrors).toEqual({ LDAP_BIND_PASSWORD: [RETYPE_PASSWORD_MESSAGE] });
        }
        // StartTLS alone: saved without it on the plain URL, tested with it.
        await saveConfiguration(harnessForm({ LDAP_URL: slapd.url }), ctx);
        const startTls = await testLdapConnection(harnessForm({ LDAP_URL: slapd.url, LDAP_START_TLS: true, LDAP_BIND_PASSWORD: "" }), logged).catch((e: unknown) => e);
        expect((startTls as ValidationError).fieldErrors).toEqual({ LDAP_BIND_PASSWORD: [RETYPE_PASSWORD_MESSAGE] });
        await saveConfiguration(harnessForm(), ctx);
        expect(listener.connections).toBe(0);
        expect(lines.filter((line) => line.includes("refused"))).toHaveLength(attempts.length + 1);
        expect(lines[0]).toContain(`"url":"${elsewhere}"`);
        expect(lines[0]).toContain(`"by":"${admin.userId}"`);

        // With a typed password the test does go there (the listener works), and the log names the target, never a password.
        const typed = await testLdapConnection(harnessForm({ LDAP_URL: elsewhere, LDAP_TLS_CA_CERT: "", LDAP_BIND_PASSWORD: "typed-for-this-test" }), logged);
        expect(typed.ok).toBe(false);
        expect(listener.connections).toBe(1);
        expect(listener.received()).toContain("typed-for-this-test");
        expect(listener.received()).not.toContain(slapd.readerPassword);
        expect(lines.at(-1)).toMatch(new RegExp(`"msg":"LDAP connection tested","by":"${admin.userId}","url":"ldap://127.0.0.1:${listener.port}","bind_dn":"${slapd.readerDn}","password":"entered","ok":false`));

        // The saved target itself still works with the empty field.
        expect((await testLdapConnection(harnessForm({ LDAP_BIND_PASSWORD: "" }), logged)).ok).toBe(true);
        expect(lines.at(-1)).toContain(`"password":"saved","ok":true`);
        expect(lines.join("\n")).not.toContain(slapd.readerPassword);
      } finally {
        await listener.close();
      }
    });

    it("in read-only mode sends the environment's password only to the environment's target", async () => {
      const listener = await captureListener();
      try {
        const envOnly: AppContext = {
          ...ctx,
          server: { ...ctx.server, UI_CONFIG_DISABLED: true },
          envSettings: { LDAP_URL: slapd.ldapsUrl, LDAP_BIND_DN: slapd.readerDn, LDAP_TLS_CA_CERT: slapd.caCert, LDAP_BIND_PASSWORD: slapd.readerPassword },
        };
        const refused = await testLdapConnection(harnessForm({ LDAP_URL: `ldap://127.0.0.1:${listener.port}`, LDAP_TLS_CA_CERT: "", LDAP_BIND_PASSWORD: "" }), envOnly).catch((e: unknown) => e);
        expect((refused as ValidationError).fieldErrors).toEqual({ LDAP_BIND_PASSWORD: [RETYPE_PASSWORD_MESSAGE] });
        expect(listener.connections).toBe(0);
      } finally {
        await listener.close();
      }
    });

    it("works in read-only mode with the environment's password; empty attributes use the sync's defaults", async () => {
      const envOnly: AppContext = {
        ...ctx,
        server: { ...ctx.server, UI_CONFIG_DISABLED: true },
        envSettings: { LDAP_URL: slapd.ldapsUrl, LDAP_BIND_DN: slapd.readerDn, LDAP_TLS_CA_CERT: slapd.caCert, LDAP_BIND_PASSWORD: slapd.readerPassword },
      };
      const noAttributes = Object.fromEntries(Object.keys(ldapPreset("openldap")!.values).map((key) => [key, ""]));
      const report = await testLdapConnection(harnessForm({ ...noAttributes, LDAP_BIND_PASSWORD: "" }), envOnly);
      expect(report.ok).toBe(true);
      expect(report.sampleUsers[0]).toMatchObject({ username: "alice", uniqueId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    });
  });
});
