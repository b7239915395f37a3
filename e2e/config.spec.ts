// Application Configuration against a real slapd: preset, Test connection, Save, the write-only
// bind password (never in any HTML, RSC payload or action response), field errors, and the
// read-only environment mode (UI_CONFIG_DISABLED=true) refusing a direct action call.
import postgres from "postgres";
import { expect, test, type Page } from "@playwright/test";
import type { StartedApp } from "./fixtures/app";
import { callServerAction, serverActionId } from "./fixtures/server-action";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { fixtureLdif } from "../lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { configFormDefaults } from "../lib/config/form-schema";
import { DEFAULT_SETTINGS } from "../lib/config/settings";
import { sessionCookieName } from "../lib/auth/sessions";
import { toasts } from "./fixtures/toasts";

const PAGE = "/settings/admin/application-configuration";
const READ_ONLY_MESSAGE = "The configuration is managed by environment variables (UI_CONFIG_DISABLED=true) and cannot be changed here.";

let slapd: SlapdServer;

test.beforeAll(async () => {
  slapd = await startSlapd();
  await slapd.add(fixtureLdif(slapd.suffix));
});
test.afterAll(() => slapd?.stop());

/** A complete, valid form as the browser sends it (LDAP disabled, defaults everywhere). */
const validForm = (overrides: Record<string, unknown> = {}) => ({ ...configFormDefaults(DEFAULT_SETTINGS), ...overrides });

/**
 * Every text body sent for the configuration page: its HTML, RSC payloads and server action
 * results (all POSTed to the page's URL). Prefetches of other pages are not this page's concern.
 */
function recordResponses(page: Page, app: StartedApp): () => Promise<string> {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname !== PAGE || !response.url().startsWith(app.url)) return;
    if (!/text|json|component/.test(response.headers()["content-type"] ?? "")) return;
    bodies.push(response.text().catch(() => ""));
  });
  return async () => (await Promise.all(bodies)).join("\n");
}

/** An admin, seeded before the app starts, and the app on PostgreSQL (to inspect app_config). */
async function startAdminApp(env: Record<string, string> = {}) {
  const { app, seeded } = await startSeededApp((db) => seedSignedInUser(db, { username: "root", email: "root@example.com", isAdmin: true }), { env });
  test.skip(!app.env.DATABASE_URL, "needs PostgreSQL to inspect app_config while the server runs");
  return { app, admin: seeded, sql: postgres(app.env.DATABASE_URL, { max: 2, onnotice: () => {} }) };
}

/** Calls a configuration action directly, as the admin, bypassing the form and its validation. */
function callAction(page: Page, app: StartedApp, admin: SeededSession, name: string, args: unknown[]) {
  return callServerAction(page.request, {
    url: `${app.url}${PAGE}`,
    origin: app.url,
    actionId: serverActionId(name, "application-configuration"),
    args,
    cookie: `${sessionCookieName(app.url)}=${admin.token}`,
  });
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** The harness's ldaps:// URL, reader account, suffix and CA certificate. */
async function fillConnection(page: Page, { password = slapd.readerPassword } = {}): Promise<void> {
  await field(page, "LDAP URL").fill(slapd.ldapsUrl);
  await field(page, "LDAP bind DN").fill(slapd.readerDn);
  await field(page, "LDAP bind password").fill(password);
  await field(page, "LDAP search base").fill(slapd.suffix);
  await field(page, "CA certificate").fill(slapd.caCert);
}

test.describe("configuring LDAP in the UI", () => {
  let app: StartedApp;
  let admin: SeededSession;
  let sql: postgres.Sql;

  test.beforeAll(async () => {
    ({ app, admin, sql } = await startAdminApp());
  });
  test.afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  const storedConfig = async () =>
    Object.fromEntries((await sql<{ key: string; value: string }[]>`select key, value from app_config`).map((row) => [row.key, row.value]));

  test("OpenLDAP preset, Test connection, Save: the password is stored encrypted and only ever shown as set", async ({ page }) => {
    await signInAs(page.context(), app, admin);
    const responses = recordResponses(page, app);
    await page.goto(`${app.url}${PAGE}`);
    await expect(page.getByRole("heading", { level: 1, name: "Application Configuration" })).toBeVisible();
    await expect(page.getByTestId("bind-password-status")).toHaveText("Saved password: not set.");

    await page.getByLabel("Directory preset").selectOption("openldap");
    await expect(field(page, "User unique identifier attribute")).toHaveValue("entryUUID");
    await expect(field(page, "User search filter")).toHaveValue("(objectClass=inetOrgPerson)");
    await expect(field(page, "User group search filter")).toHaveValue("(objectClass=groupOfNames)");

    await fillConnection(page);

    await page.getByRole("button", { name: "Test connection" }).click();
    const result = page.getByTestId("connection-test-result");
    await expect(result.getByRole("heading", { name: "Connection test succeeded" })).toBeVisible();
    await expect(result).toContainText("User filter matched 11 entries");
    const samples = page.getByRole("table", { name: "Sample users" });
    await expect(samples.getByRole("row", { name: /alice alice@example\.org Alice Anderson/ })).toBeVisible();
    expect(await storedConfig()).toEqual({}); // testing saves nothing

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(toasts(page).getByText("Configuration saved").first()).toBeVisible();
    const stored = await storedConfig();
    expect(stored).toMatchObject({ LDAP_URL: slapd.ldapsUrl, LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "entryUUID", LDAP_ENABLED: "false" });
    expect(stored.LDAP_BIND_PASSWORD).toMatch(/^v1:/);
    expect(stored.LDAP_BIND_PASSWORD).not.toContain(slapd.readerPassword);

    await page.reload();
    await expect(field(page, "LDAP URL")).toHaveValue(slapd.ldapsUrl);
    await expect(field(page, "LDAP search base")).toHaveValue(slapd.suffix);
    await expect(page.getByTestId("bind-password-status")).toHaveText("Saved password: set.");
    await expect(field(page, "LDAP bind password")).toHaveValue("");

    // Enabling with the stored password (the field stays empty).
    await page.getByRole("button", { name: "Enable LDAP" }).click();
    await expect(page.getByTestId("ldap-status")).toHaveText("LDAP enabled");
    expect((await storedConfig()).LDAP_ENABLED).toBe("true");

    expect(await page.content()).not.toContain(slapd.readerPassword);
    expect(await responses()).not.toContain(slapd.readerPassword);
  });

  test("a wrong password fails Test connection with the credentials message", async ({ page }) => {
    await signInAs(page.context(), app, admin);
    await page.goto(`${app.url}${PAGE}`);
    await fillConnection(page, { password: "not-the-password" });
    await expect(field(page, "LDAP bind password")).toHaveValue("not-the-password");
    await page.getByRole("button", { name: "Test connection" }).click();
    const result = page.getByTestId("connection-test-result");
    // The heading's text, not its presence: a failure then says what the test reported instead.
    await expect(result.getByRole("heading", { level: 3 })).toHaveText("Connection test failed");
    await expect(result).toContainText(/Bind.*rejected the bind DN or password \(invalid credentials\)/);
  });

  test("an invalid URL, DN and filter show field errors and nothing is saved, in the browser and on the server", async ({ page }) => {
    await signInAs(page.context(), app, admin);
    await page.goto(`${app.url}${PAGE}`);
    const before = await storedConfig();

    await field(page, "LDAP URL").fill("http://ldap.example.org");
    await field(page, "LDAP bind DN").fill("reader");
    await field(page, "User search filter").fill("(objectClass=person");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Must start with ldap:// or ldaps://")).toBeVisible();
    await expect(page.getByText('Expected "=" after "reader"')).toBeVisible();
    await expect(page.getByText("Missing closing parenthesis")).toBeVisible();
    await expect(field(page, "LDAP URL")).toHaveAttribute("aria-invalid", "true");

    // The same values sent straight to the action are refused by the server's copy of the schema.
    const result = await callAction(page, app, admin, "saveConfigurationAction", [
      validForm({ LDAP_URL: "http://ldap.example.org", LDAP_BIND_DN: "reader", LDAP_USER_SEARCH_FILTER: "(uid=x" }),
    ]);
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      status: 400,
      fieldErrors: {
        LDAP_URL: ["must start with ldap:// or ldaps://"],
        LDAP_BIND_DN: ['expected "=" after "reader"'],
        LDAP_USER_SEARCH_FILTER: ["missing closing parenthesis"],
      },
    });
    expect(await storedConfig()).toEqual(before);
  });
});

test.describe("UI_CONFIG_DISABLED=true", () => {
  let app: StartedApp;
  let admin: SeededSession;
  let sql: postgres.Sql;

  test.beforeAll(async () => {
    ({ app, admin, sql } = await startAdminApp({ UI_CONFIG_DISABLED: "true", ...slapd.env("ldaps"), APP_NAME: "Env ID" }));
  });
  test.afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  test("shows the environment's values read-only, still tests the connection, and refuses a direct save", async ({ page }) => {
    await signInAs(page.context(), app, admin);
    const responses = recordResponses(page, app);
    await page.goto(`${app.url}${PAGE}`);
    await expect(page.getByRole("note")).toContainText("Read-only: configured by environment variables.");
    await expect(field(page, "Application name")).toHaveValue("Env ID");
    await expect(field(page, "LDAP URL")).toHaveValue(slapd.ldapsUrl);
    await expect(field(page, "LDAP URL")).not.toBeEditable();
    await expect(field(page, "CA certificate")).toHaveValue(slapd.caCert);
    await expect(page.getByTestId("bind-password-status")).toHaveText("Saved password: set.");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await expect(page.getByTestId("ldap-status")).toHaveText("LDAP enabled");
    await expect(page.getByRole("button", { name: /(Enable|Disable) LDAP/ })).toHaveCount(0);
    await expect(page.getByLabel("Directory preset")).toHaveCount(0);

    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("connection-test-result").getByRole("heading", { name: "Connection test succeeded" })).toBeVisible();

    const save = await callAction(page, app, admin, "saveConfigurationAction", [validForm({ APP_NAME: "Hijacked" })]);
    expect(save).toEqual({ ok: false, code: "read_only_config", status: 403, message: READ_ONLY_MESSAGE });
    const enable = await callAction(page, app, admin, "setLdapEnabledAction", [false]);
    expect(enable).toEqual({ ok: false, code: "read_only_config", status: 403, message: READ_ONLY_MESSAGE });
    expect(await sql`select key from app_config`).toHaveLength(0);

    expect(await page.content()).not.toContain(slapd.readerPassword);
    expect(await responses()).not.toContain(slapd.readerPassword);
  });
});
