// Custom claims through a real relying party (openid-client): an LDAP attribute mapped by
// LDAP_CUSTOM_CLAIMS reaches the ID token and userinfo after a sync and follows the directory; an
// administrator adds a user claim and a group claim on their pages (a reserved name is refused on
// its field) and both reach the token. Then the configuration page's sync trends chart, by structure.
import crypto from "node:crypto";
import * as oidc from "openid-client";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type StartedApp } from "./fixtures/app";
import { authorizationRequest, discover, signInThroughPages, startRelyingParty, type RelyingPartyServer } from "./fixtures/oidc";
import { toasts } from "./fixtures/toasts";
import { addVirtualAuthenticator } from "./fixtures/webauthn";
import { fixtureLdif, fixtureUserDn } from "../lib/ldap/testing/fixtures";
import { ldif, ldifModify } from "../lib/ldap/testing/ldif";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "../lib/ldap/testing/sync-helpers";

const CRON_SECRET = crypto.randomBytes(24).toString("base64url");

let slapd: SlapdServer;
let app: StartedApp;
let rp: RelyingPartyServer;
let client: { clientId: string; clientSecret: string | null };
let bobPage: Page;
let adminPage: Page;

async function cli(args: string[]): Promise<string> {
  const result = await app.cli(args);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return result.stdout.trim();
}

/** A page signed in through a CLI login link (no passkey needed for the admin pages). */
async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const page = await browser.newPage();
  await addVirtualAuthenticator(page);
  await page.goto(await cli(["one-time-access-token", username]));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  return page;
}

/** Runs a sync now through the cron endpoint and waits for its outcome. */
async function syncNow(): Promise<string> {
  const headers = { Authorization: `Bearer ${CRON_SECRET}` };
  const started = await fetch(`${app.url}/api/jobs/sync-ldap`, { method: "POST", headers });
  expect(started.status).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  let status = "running";
  await expect
    .poll(async () => {
      const body = (await (await fetch(`${app.url}/api/jobs/sync-ldap?runId=${runId}`, { headers })).json()) as { run: { status: string } };
      status = body.run.status;
      return status;
    })
    .not.toBe("running");
  return status;
}

/** bob signs in to the application; the ID token's claims and userinfo's. */
async function bobsClaims() {
  const config = await discover(app.url, client.clientId, client.clientSecret);
  const { url, checks } = await authorizationRequest(config, `${rp.origin}/callback`);
  const callback = await signInThroughPages(bobPage, url, rp);
  const granted = await oidc.authorizationCodeGrant(config, callback, checks);
  const idToken = granted.claims()!;
  const userinfo = await oidc.fetchUserInfo(config, granted.access_token, idToken.sub);
  return { idToken, userinfo };
}

const setDepartment = (value: string) =>
  slapd.modify(ldif(ldifModify(fixtureUserDn("bob", slapd.suffix), [{ op: "replace", attr: "departmentNumber", values: value }])));

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  // slapd, the app with its first sync, a client, a passkey and an admin session: several tests' worth.
  test.setTimeout(240_000);
  slapd = await startSlapd();
  await slapd.add(fixtureLdif());
  await setDepartment("Research");
  rp = await startRelyingParty();
  app = await startApp({ postgres: true, env: { ...fixtureSyncEnv(slapd), LDAP_ENABLED: "true", LDAP_CUSTOM_CLAIMS: "department:departmentNumber", CRON_SECRET } });
  await app.waitForLog(/^level=INFO msg="Job run successfully" name=SyncLdap /);
  client = JSON.parse(await cli(["oidc-clients", "create", "--name", "Wiki", "--callback-url", `${rp.origin}/callback`, "--json"])) as typeof client;

  // bob enrols a passkey, then signs out: the application's sign-in asks for it.
  bobPage = await signedInPage(browser, "bob");
  await bobPage.getByRole("button", { name: "Add passkey" }).click();
  await expect(bobPage.getByRole("cell", { name: "Passkey", exact: true })).toBeVisible();
  await bobPage.getByRole("button", { name: "Sign out" }).click();
  await expect(bobPage).toHaveURL(`${app.url}/login`);
  adminPage = await signedInPage(browser, "alice");
});

test.afterAll(async () => {
  await bobPage?.close();
  await adminPage?.close();
  await app?.stop();
  await rp?.close();
  await slapd?.stop();
});

test("an LDAP attribute mapped to a claim reaches the ID token and userinfo, and follows the directory after a sync", async () => {
  const first = await bobsClaims();
  expect(first.idToken).toMatchObject({ preferred_username: "bob", department: "Research" });
  expect(first.userinfo).toMatchObject({ preferred_username: "bob", department: "Research" });

  await setDepartment("Marketing");
  expect(await syncNow()).toBe("succeeded");
  const second = await bobsClaims();
  expect(second.idToken.department).toBe("Marketing");
  expect(second.userinfo.department).toBe("Marketing");
});

test("an administrator adds a user claim and a group claim in the UI; a reserved name is refused on its field; both reach the token", async () => {
  await adminPage.goto(`${app.url}/settings/admin/users`);
  await adminPage.getByRole("link", { name: "bob", exact: true }).click();
  const card = adminPage.getByRole("form", { name: "Custom claims" });
  // The mapped claim is listed read-only, marked as coming from LDAP.
  const inherited = adminPage.getByRole("table", { name: "Claims from LDAP and groups" });
  await expect(inherited.getByRole("row").filter({ hasText: "department" })).toContainText("Marketing");
  await expect(inherited.getByRole("row").filter({ hasText: "department" }).getByText("LDAP", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Add claim" }).click();
  await card.getByLabel("Name").last().fill("sub");
  await card.getByLabel("Value").last().fill("someone-else");
  await card.getByRole("button", { name: "Save claims" }).click();
  await expect(card.getByRole("alert")).toContainText("reserved claim name");
  await card.getByLabel("Name").last().fill("team_role");
  await card.getByLabel("Value").last().fill("lead");
  await card.getByRole("button", { name: "Save claims" }).click();
  await expect(toasts(adminPage).getByText("Claims saved").first()).toBeVisible();

  // developers is an LDAP group (bob is a member): it may carry claims all the same.
  await adminPage.goto(`${app.url}/settings/admin/user-groups`);
  await adminPage.getByRole("row").filter({ has: adminPage.getByRole("cell", { name: "developers", exact: true }) }).getByRole("link").click();
  const groupCard = adminPage.getByRole("form", { name: "Custom claims" });
  for (const [index, [key, value]] of [["cost_center", "42"], ["team_role", "member"]].entries()) {
    await groupCard.getByRole("button", { name: "Add claim" }).click();
    await groupCard.getByLabel("Name").nth(index).fill(key);
    await groupCard.getByLabel("Value").nth(index).fill(value);
  }
  await groupCard.getByRole("button", { name: "Save claims" }).click();
  await expect(toasts(adminPage).getByText("Claims saved").first()).toBeVisible();

  const { idToken, userinfo } = await bobsClaims();
  // bob's own team_role wins over the group's; the group adds cost_center; LDAP still gives department.
  for (const claims of [idToken, userinfo]) {
    expect(claims).toMatchObject({ sub: idToken.sub, team_role: "lead", cost_center: "42", department: "Marketing", preferred_username: "bob" });
  }

  // bob's page shows the group's team_role as overridden.
  await adminPage.goto(`${app.url}/settings/admin/users`);
  await adminPage.getByRole("link", { name: "bob", exact: true }).click();
  const teamRole = adminPage.getByRole("table", { name: "Claims from LDAP and groups" }).getByRole("row").filter({ hasText: "team_role" });
  await expect(teamRole).toContainText("Group developers");
  await expect(teamRole).toContainText("Overridden");
});

test("the configuration page charts the recent runs: one labelled mark per run, failures marked", async () => {
  // A run that fails: the directory is down.
  await slapd.kill();
  expect(await syncNow()).toBe("failed");
  await slapd.restart();

  await adminPage.goto(`${app.url}/settings/admin/application-configuration`);
  const response = await adminPage.request.get(`${app.url}/api/jobs/sync-ldap?view=trends`);
  const { trends } = (await response.json()) as { trends: { status: string }[] };
  expect(trends.length).toBeGreaterThanOrEqual(3); // startup, the sync above, the failed one
  const chart = adminPage.getByRole("figure", { name: /Sync trends/ });
  await expect(chart).toContainText(`the last ${trends.length} runs, 1 failed`);
  await expect(chart.locator("svg")).not.toHaveCount(0);
  const marks = chart.getByRole("img", { name: /^Sync run / });
  await expect(marks).toHaveCount(trends.length);
  await expect(chart.getByRole("img", { name: /: failed, / })).toHaveCount(1);
  await expect(marks.last()).toHaveAttribute("data-status", "failed");
  await expect(marks.first()).toHaveAttribute("data-status", "succeeded");
  await expect(marks.first()).toHaveAccessibleName(/succeeded, [\d.]+ s, \d+ changes?$/);
  // Above the history table, which lists the same runs.
  const section = adminPage.getByRole("region", { name: "LDAP sync" });
  const history = section.getByRole("table").first();
  expect((await chart.boundingBox())!.y).toBeLessThan((await history.boundingBox())!.y);
});
