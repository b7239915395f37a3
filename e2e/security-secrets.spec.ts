// No secret leaves the server: a whole operator journey in Chromium — first-admin setup with a
// passkey, LDAP configured with a bind password, Test connection, Sync now and its report, the
// users and groups pages, an admin-created login link, a CLI login link used by a second user,
// the cron API, a metrics scrape, sign-out — with every response body and header recorded
// (e2e/fixtures/secret-scan.ts) and the server log, then searched for the bind password,
// ENCRYPTION_KEY, CRON_SECRET, METRICS_TOKEN, the LDAP
// admin password, every session token and every login-link token. The database is checked to
// hold tokens and sessions only as SHA-256 and the bind password only encrypted.
import crypto from "node:crypto";
import type { BrowserContext, Page } from "@playwright/test";
import { hashToken } from "../lib/auth/tokens";
import { fixtureLdif } from "../lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { createSecretScanner, type SecretFinding } from "./fixtures/secret-scan";
import { addVirtualAuthenticator, expect, test } from "./fixtures/webauthn";
import { toasts } from "./fixtures/toasts";

const ENCRYPTION_KEY = crypto.randomBytes(24).toString("base64url");
const CRON_SECRET = crypto.randomBytes(24).toString("base64url");
const METRICS_TOKEN = crypto.randomBytes(24).toString("base64url");
const ADMIN_LINK = "admin-created login link";

let slapd: SlapdServer;
let env: AppWithDatabase;

test.beforeAll(async () => {
  slapd = await startSlapd();
  await slapd.add(fixtureLdif());
  env = await startAppWithDatabase({ env: { ENCRYPTION_KEY, CRON_SECRET, METRICS_TOKEN } });
});
test.afterAll(async () => {
  await env?.stop();
  await slapd?.stop();
});

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const sessionToken = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === "pocket_id_session")!.value;

test("a whole journey leaks no secret to any page, payload, API answer or log line; the database holds only hashes", async ({ page, browser, authenticator }) => {
  test.setTimeout(240_000);
  const url = (path: string) => `${env.app.url}${path}`;
  const scanner = createSecretScanner();
  await scanner.attach(page.context());
  // Every body is read before the page moves on (Chromium drops the bodies of a page it leaves).
  const go = async (target: Page, path: string) => {
    await scanner.settle();
    await target.goto(url(path));
  };

  // First administrator, with a passkey.
  await go(page, "/login");
  await expect(page).toHaveURL(url("/setup"));
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(url("/settings/account"));
  expect(await authenticator.credentials()).toHaveLength(1);
  const adminSession = await sessionToken(page.context());

  // LDAP with a bind password: test, save, enable, sync, read the report.
  await go(page, "/settings/admin/application-configuration");
  await page.getByLabel("Directory preset").selectOption("openldap");
  await field(page, "LDAP URL").fill(slapd.ldapsUrl);
  await field(page, "LDAP bind DN").fill(slapd.readerDn);
  await field(page, "LDAP bind password").fill(slapd.readerPassword);
  await field(page, "LDAP search base").fill(slapd.suffix);
  await field(page, "CA certificate").fill(slapd.caCert);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-test-result").getByRole("heading", { name: "Connection test succeeded" })).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(toasts(page).getByText("Configuration saved").first()).toBeVisible();
  await page.getByRole("button", { name: "Enable LDAP" }).click();
  await expect(page.getByTestId("ldap-status")).toHaveText("LDAP enabled");
  const sync = page.getByRole("region", { name: "LDAP sync" });
  await sync.getByRole("button", { name: "Sync now" }).click();
  await expect(toasts(page).getByText("Sync finished").first()).toBeVisible();
  await sync.getByRole("table").first().getByRole("row").nth(1).getByRole("button", { name: "View report" }).click();
  await expect(page.getByRole("dialog", { name: "Sync report" })).toBeVisible();
  await page.getByRole("dialog", { name: "Sync report" }).getByRole("button", { name: "Close" }).click();
  await scanner.settle();
  await page.reload();
  await expect(page.getByTestId("bind-password-status")).toHaveText("Saved password: set.");

  // Users and groups pages; a login link created by the admin for alice.
  await go(page, "/settings/admin/users");
  await page.getByRole("row").filter({ hasText: "alice@example.org" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Alice Anderson");
  await page.getByRole("button", { name: "Create login link" }).click();
  const adminLink = await page.getByLabel("Login link").inputValue();
  expect(adminLink).toMatch(/\/lc\/[A-Za-z0-9_-]{43}$/);
  await go(page, "/settings/admin/user-groups");
  await page.getByRole("link", { name: /developers/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // A CLI login link, used by bob in another browser.
  const cli = await env.app.cli(["one-time-access-token", "bob"]);
  expect(cli.code).toBe(0);
  const cliLink = cli.stdout.trim();
  const bobContext = await browser.newContext();
  await scanner.attach(bobContext);
  const bob = await bobContext.newPage();
  await addVirtualAuthenticator(bob);
  await bob.goto(cliLink);
  await scanner.settle();
  await bob.getByRole("button", { name: "Continue" }).click();
  await expect(bob).toHaveURL(url("/settings/account"));
  const bobSession = await sessionToken(bobContext);

  // The cron API, as a monitoring script would call it.
  const runs = await fetch(url("/api/jobs/sync-ldap?limit=5"), { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(runs.status).toBe(200);
  scanner.record("GET /api/jobs/sync-ldap (cron)", JSON.stringify(Object.fromEntries(runs.headers)) + (await runs.text()));
  const metrics = await fetch(url("/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(metrics.status).toBe(200);
  scanner.record("GET /metrics", JSON.stringify(Object.fromEntries(metrics.headers)) + (await metrics.text()));

  // Stored as hashes: each session and link token has its SHA-256 row, never itself.
  const dump = Object.values(await env.dump()).flat().join("\n");
  for (const token of [adminSession, bobSession]) expect(dump).toContain(hashToken(token));
  for (const link of [adminLink, cliLink]) expect(dump).toContain(hashToken(link.split("/lc/")[1]));
  const secrets: Record<string, string> = {
    "LDAP bind password": slapd.readerPassword,
    "LDAP admin password": slapd.adminPassword,
    ENCRYPTION_KEY,
    CRON_SECRET,
    METRICS_TOKEN,
    "admin session": adminSession,
    "bob's session": bobSession,
    "CLI login link": cliLink.split("/lc/")[1],
    [ADMIN_LINK]: adminLink.split("/lc/")[1],
  };
  const inDatabase = Object.entries(secrets).filter(([, value]) => dump.includes(value)).map(([name]) => name);
  expect(inDatabase).toEqual([]);
  expect(dump).toMatch(/"key": "LDAP_BIND_PASSWORD", "value": "v1:/);

  await scanner.settle();
  await bob.getByRole("button", { name: "Sign out" }).click();
  await expect(bob).toHaveURL(url("/login"));
  await scanner.settle();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(url("/login"));
  await bobContext.close();

  scanner.record("server log", env.app.logs.join("\n"));
  expect(await scanner.responses()).toBeGreaterThan(50);
  expect(await scanner.unread()).toEqual([]);
  // The admin asked for alice's link: it comes back once, in that action's answer, to them alone.
  const adminLinkAnswer = (finding: SecretFinding) => finding.secret === ADMIN_LINK && /^POST .*\/settings\/admin\/users\/[0-9a-f-]{36} \(HTTP 200\)$/.test(finding.where);
  expect(await scanner.scan(secrets, adminLinkAnswer)).toEqual([]);
  expect((await scanner.scan({ [ADMIN_LINK]: secrets[ADMIN_LINK] })).length).toBe(1);
});
