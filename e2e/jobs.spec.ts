// The LDAP sync as an operator meets it: env-only configuration, the startup run and its log line,
// the LDAP admin's first sign-in through a CLI login link, "Sync now" with live progress, the run
// report, the cron endpoint, and "Sync anyway" after the removal guard stopped a run.
import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { startApp, type StartedApp } from "./fixtures/app";
import { expect, test } from "./fixtures/webauthn";
import { fixtureLdif, fixtureUserDn, FIXTURE } from "../lib/ldap/testing/fixtures";
import { ldif, ldifEntry } from "../lib/ldap/testing/ldif";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "../lib/ldap/testing/sync-helpers";
import { toasts } from "./fixtures/toasts";

const CRON_SECRET = crypto.randomBytes(24).toString("base64url");
const SUFFIX = "dc=example,dc=org";
// 20 more people, so that removing them trips LDAP_MAX_REMOVAL_PERCENT (needs 20+ LDAP users).
const BULK = Array.from({ length: 20 }, (_, i) => `bulk${String(i).padStart(2, "0")}`);
const bulkDn = (uid: string) => `uid=${uid},ou=people,${SUFFIX}`;
const bulkLdif = ldif(BULK.map((uid) => ldifEntry(bulkDn(uid), { objectClass: ["inetOrgPerson"], uid, cn: `Bulk ${uid}`, sn: "Bulk", givenName: "Bulk", mail: `${uid}@example.org` })));

/** The LDAP settings of the seed's "during initial setup" path: environment only, UI read-only. */
function ldapEnv(slapd: SlapdServer): Record<string, string> {
  return {
    ...fixtureSyncEnv(slapd),
    LDAP_ENABLED: "true",
    UI_CONFIG_DISABLED: "true",
    CRON_SECRET,
  };
}

async function loginLink(app: StartedApp, user: string): Promise<string> {
  const result = await app.cli(["one-time-access-token", user]);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return result.stdout.trim();
}

async function signInWithLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
}

function syncSection(page: Page) {
  return page.getByRole("region", { name: "LDAP sync" });
}

/** The history table's newest row. */
function latestRun(page: Page) {
  return syncSection(page).getByRole("table").first().getByRole("row").nth(1);
}

test.describe.configure({ mode: "serial" });

let slapd: SlapdServer;
let app: StartedApp;

test.beforeAll(async () => {
  slapd = await startSlapd();
  await slapd.add(fixtureLdif());
  await slapd.add(bulkLdif);
  app = await startApp({ env: ldapEnv(slapd) });
});

test.afterAll(async () => {
  slapd?.thaw();
  await app?.stop();
  await slapd?.stop();
});

test("startup sync from env-only config; the LDAP admin signs in with a CLI link, adds a passkey and reaches the admin pages", async ({ page, authenticator }) => {
  await app.waitForLog(/^level=INFO msg="Job run successfully" name=SyncLdap /);

  await signInWithLink(page, await loginLink(app, "alice"));
  await expect(page.getByText("Add your first passkey")).toBeVisible();
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByText("Add your first passkey")).toHaveCount(0);
  expect(await authenticator.credentials()).toHaveLength(1);

  // The passkey works on its own: sign out, sign back in without a link.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);

  await page.getByRole("link", { name: "Application Configuration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Application Configuration" })).toBeVisible();
  await expect(latestRun(page)).toContainText("Startup");
  await expect(latestRun(page)).toContainText("Succeeded");
  await expect(syncSection(page).getByTestId("last-successful-sync")).not.toHaveText("Never");
});

test("Sync now shows live progress, then success, the report and the synced users", async ({ page }) => {
  await signInWithLink(page, await loginLink(app, "alice"));
  await page.goto(`${app.url}/settings/admin/application-configuration`);
  const section = syncSection(page);
  await expect(latestRun(page)).toContainText("Succeeded");

  // A frozen directory holds the run open, so its progress is there to see.
  await slapd.freeze();
  await section.getByRole("button", { name: "Sync now" }).click();
  await expect(toasts(page).getByText("Sync started").first()).toBeVisible();
  await expect(section.getByTestId("sync-progress")).toHaveText(/Connecting/);
  await expect(latestRun(page)).toContainText("Running");
  slapd.thaw();
  await expect(toasts(page).getByText("Sync finished").first()).toBeVisible();
  await expect(latestRun(page)).toContainText("Sync now");
  await expect(latestRun(page)).toContainText("Succeeded");
  await expect(section.getByTestId("sync-progress")).toHaveCount(0);

  await latestRun(page).getByRole("button", { name: "View report" }).click();
  const report = page.getByRole("dialog", { name: "Sync report" });
  await expect(report.getByRole("heading", { name: /Skipped entries \(\d+\)/ })).toBeVisible();
  // dave shares carol's e-mail and comes later in search order: skipped, with the reason.
  const daveDn = fixtureUserDn(FIXTURE.sharedEmailSkipped);
  await expect(report.getByRole("row").filter({ hasText: new RegExp(daveDn.split(",")[0], "i") })).toContainText(/e-?mail/i);
  await report.getByRole("button", { name: "Close" }).click();

  // The synced users, listed as LDAP-managed with read-only pages.
  await page.goto(`${app.url}/settings/admin/users`);
  const bob = page.getByRole("row").filter({ hasText: "bob@example.org" });
  await expect(bob.getByText("LDAP", { exact: true })).toBeVisible();
  await bob.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bob Brown");
  await expect(page.getByRole("heading", { level: 1 }).getByText("LDAP", { exact: true })).toBeVisible();
  await expect(page.getByRole("note", { name: "Managed by LDAP" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
});

test("the cron endpoint: Bearer CRON_SECRET starts a run, a second trigger gets 409 with its id, anything else is refused", async ({ browser }) => {
  const endpoint = `${app.url}/api/jobs/sync-ldap`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  expect((await fetch(endpoint, { method: "POST" })).status).toBe(401);
  expect((await fetch(endpoint, { method: "POST", headers: bearer("not-the-secret-at-all") })).status).toBe(401);
  expect((await fetch(endpoint, { headers: bearer(`${CRON_SECRET}x`) })).status).toBe(401);

  // A signed-in user who is not an administrator: 403.
  const member = await browser.newContext();
  try {
    const memberPage = await member.newPage();
    await signInWithLink(memberPage, await loginLink(app, "bob"));
    expect((await member.request.post(endpoint)).status()).toBe(403);
    expect((await member.request.get(endpoint)).status()).toBe(403);
  } finally {
    await member.close();
  }

  await slapd.freeze();
  try {
    const started = await fetch(endpoint, { method: "POST", headers: bearer(CRON_SECRET) });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    const again = await fetch(`${endpoint}?force=false`, { method: "POST", headers: bearer(CRON_SECRET) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ runId, error: expect.stringContaining("already running") });

    const listed = await fetch(endpoint, { headers: bearer(CRON_SECRET) });
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body.running).toMatchObject({ id: runId, trigger: "api", status: "running" });
    expect(body.runs[0]).toMatchObject({ id: runId, job: "SyncLdap" });
  } finally {
    slapd.thaw();
  }
  await expect
    .poll(async () => (await (await fetch(endpoint, { headers: bearer(CRON_SECRET) })).json()).runs[0].status)
    .toBe("succeeded");
  const latest = (await (await fetch(`${endpoint}?limit=1`, { headers: bearer(CRON_SECRET) })).json()).runs[0];
  expect(latest).toMatchObject({ trigger: "api", error: null, durationMs: expect.any(Number), summary: { usersFetched: 31 } });
  const detail = await (await fetch(`${endpoint}?runId=${latest.id}`, { headers: bearer(CRON_SECRET) })).json();
  expect(detail.run.skipped.length).toBeGreaterThan(0);
});

test("the removal guard stops a sync that would disable most users; Sync anyway forces it", async ({ page }) => {
  await signInWithLink(page, await loginLink(app, "alice"));
  await page.goto(`${app.url}/settings/admin/application-configuration`);
  const section = syncSection(page);

  await slapd.delete(...BULK.map(bulkDn));
  await section.getByRole("button", { name: "Sync now" }).click();
  const alert = section.getByRole("alert").filter({ hasText: "The last sync stopped without changing anything" });
  await expect(alert).toContainText("LDAP_MAX_REMOVAL_PERCENT");
  await expect(latestRun(page)).toContainText("Stopped by guard");

  await alert.getByRole("button", { name: "Sync anyway" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Sync anyway?" });
  await confirm.getByRole("button", { name: "Sync anyway" }).click();
  await expect(toasts(page).getByText("Sync finished").first()).toBeVisible();
  await expect(latestRun(page)).toContainText("Succeeded");
  await expect(latestRun(page)).toContainText("20 disabled");
  await expect(latestRun(page)).toContainText("(forced)");
  await expect(alert).toHaveCount(0);
});
