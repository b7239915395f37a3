// The Applications admin pages in Chromium, with panva's openid-client as the relying party: an
// administrator adds a confidential client restricted to an LDAP group (the secret shown once,
// values copied), a member signs in through it, an edit adds a callback URL, a regenerated secret
// replaces the old one at the token endpoint, the group's page and My apps list the application.
import * as oidc from "openid-client";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { userGroupMembers, userGroups } from "../lib/db/schema";
import type { StartedApp } from "./fixtures/app";
import { authorizationRequest, discover, signInThroughPages, startRelyingParty, type RelyingPartyServer } from "./fixtures/oidc";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { toasts } from "./fixtures/toasts";

// LDAP on (its groups are read-only elsewhere, yet choosable here) with a server that never answers.
const LDAP_ENV = { LDAP_ENABLED: "true", LDAP_URL: "ldap://127.0.0.1:9", LDAP_BASE: "dc=example,dc=org", LDAP_SYNC_INTERVAL: "24h" };

let app: StartedApp;
let rp: RelyingPartyServer;
let seeded: { admin: SeededSession; carol: SeededSession; dave: SeededSession; groupId: string };
const pages = {} as Record<"admin" | "carol" | "dave", Page>;
/** The client the administrator creates, with the secret shown at creation (replaced in a later test). */
const client = { id: "", secret: "", refreshToken: "" };

async function signedInPage(browser: Browser, session: SeededSession): Promise<Page> {
  const context = await browser.newContext();
  await signInAs(context, app, session);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  return context.newPage();
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const clientPage = () => `${app.url}/settings/admin/oidc-clients/${client.id}`;
const callback = (path = "/callback") => `${rp.origin}${path}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  rp = await startRelyingParty();
  ({ app, seeded } = await startSeededApp(
    async (db) => {
      const [group] = await db.insert(userGroups).values({ name: "ldap-staff", friendlyName: "Staff", ldapId: "entry-staff" }).returning({ id: userGroups.id });
      const carol = await seedSignedInUser(db, { username: "carol", email: "carol@example.org", ldapId: "entry-carol" });
      await db.insert(userGroupMembers).values({ userId: carol.userId, groupId: group.id });
      return {
        admin: await seedSignedInUser(db, { username: "admin", isAdmin: true }),
        carol,
        dave: await seedSignedInUser(db, { username: "dave", email: "dave@example.org" }),
        groupId: group.id,
      };
    },
    { env: LDAP_ENV },
  ));
  // An application open to everyone, from the CLI: My apps offers it to both users.
  const open = await app.cli(["oidc-clients", "create", "--name", "Open Portal", "--callback-url", callback(), "--launch-url", `${rp.origin}/portal`, "--json"]);
  expect(open, open.stderr).toMatchObject({ code: 0 });
  pages.admin = await signedInPage(browser, seeded.admin);
  pages.carol = await signedInPage(browser, seeded.carol);
  pages.dave = await signedInPage(browser, seeded.dave);
});

test.afterAll(async () => {
  for (const page of Object.values(pages)) await page?.context().close();
  await app?.stop();
  await rp?.close();
});

test("an administrator adds a confidential application restricted to a group; its secret is shown once and the values copy", async () => {
  const page = pages.admin;
  await page.goto(`${app.url}/settings/admin/oidc-clients`);
  await page.getByRole("link", { name: "Add application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add application" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Team Wiki");
  await page.getByLabel("Callback URL 1").fill("not a url");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByLabel("Callback URL 1")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Callback URL 1").fill(callback());
  await page.getByLabel("Launch URL").fill(`${rp.origin}/home`);
  await page.getByRole("button", { name: "Add groups" }).click();
  const picker = page.getByRole("dialog");
  await picker.getByLabel("Search groups").fill("staff");
  await picker.getByRole("checkbox", { name: /ldap-staff/ }).check();
  await picker.getByRole("button", { name: "Add groups (1)" }).click();
  await expect(page.getByRole("list", { name: "Allowed groups" }).getByRole("listitem")).toHaveText(["ldap-staffRemove ldap-staff"]);
  await page.getByRole("button", { name: "Create" }).click();

  const created = page.getByRole("region", { name: "Application created" });
  await expect(created).toBeVisible();
  client.secret = await created.getByLabel("Client secret").inputValue();
  expect(client.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await created.getByRole("button", { name: "Copy client secret" }).click();
  expect(await clipboard(page)).toBe(client.secret);
  await created.getByRole("button", { name: "Copy client ID" }).click();
  client.id = await clipboard(page);
  expect(client.id).toMatch(/^[0-9a-f-]{36}$/);

  // The application's page: every value to configure, never the secret again.
  await created.getByRole("link", { name: "Continue to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Team Wiki/ })).toBeVisible();
  await page.getByRole("button", { name: "Copy discovery URL" }).click();
  expect(await clipboard(page)).toBe(`${app.url}/.well-known/openid-configuration`);
  await page.getByRole("button", { name: "Copy token URL" }).click();
  expect(await clipboard(page)).toBe(`${app.url}/api/oidc/token`);
  await expect(page.getByRole("definition").filter({ hasText: callback() })).toBeVisible();
  expect(await page.content()).not.toContain(client.secret);
  await page.goto(`${app.url}/settings/admin/oidc-clients`);
  await expect(page.getByRole("row").filter({ hasText: "Team Wiki" })).toContainText("ldap-staff");
  expect(await page.content()).not.toContain(client.secret);
});

test("a member of the allowed group signs in through it; a user outside it gets no code", async () => {
  const config = await discover(app.url, client.id, client.secret);
  const { url, checks } = await authorizationRequest(config, callback(), { prompt: "consent" });
  const granted = await oidc.authorizationCodeGrant(config, await signInThroughPages(pages.carol, url, rp), checks);
  expect(granted.claims()).toMatchObject({ aud: client.id, preferred_username: "carol", groups: ["ldap-staff"] });
  client.refreshToken = granted.refresh_token!;

  const before = rp.hits.length;
  await pages.dave.goto((await authorizationRequest(config, callback())).url.toString());
  await expect(pages.dave.getByRole("heading", { level: 1, name: "You are not allowed to use Team Wiki" })).toBeVisible();
  expect(rp.hits.slice(before)).toEqual([]);
});

test("an edit adds a callback URL, accepted from the next sign-in on", async () => {
  const config = await discover(app.url, client.id, client.secret);
  const second = await authorizationRequest(config, callback("/second"));
  const refused = await pages.carol.goto(second.url.toString());
  expect(refused?.status()).toBe(400);

  const page = pages.admin;
  await page.goto(clientPage());
  await page.getByRole("button", { name: "Add callback URL" }).click();
  await page.getByLabel("Callback URL 2").fill(callback("/second"));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(toasts(page).getByText("Application saved")).toBeVisible();

  const answered = await signInThroughPages(pages.carol, (await authorizationRequest(config, callback("/second"))).url, rp);
  expect(answered.pathname).toBe("/second");
  expect(answered.searchParams.get("code")).toBeTruthy();
});

test("Regenerate secret shows the new secret once; the old one is refused at once", async () => {
  const page = pages.admin;
  await page.goto(clientPage());
  await page.getByRole("button", { name: "Regenerate secret" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Regenerate secret" }).click();
  const shown = page.getByRole("dialog", { name: "New client secret" });
  const fresh = await shown.getByLabel("Client secret").inputValue();
  expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(fresh).not.toBe(client.secret);
  await shown.getByRole("button", { name: "Copy client secret" }).click();
  expect(await clipboard(page)).toBe(fresh);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toHaveCount(0);
  expect(await page.content()).not.toContain(fresh);

  await expect(oidc.refreshTokenGrant(await discover(app.url, client.id, client.secret), client.refreshToken)).rejects.toMatchObject({ error: "invalid_client" });
  const refreshed = await oidc.refreshTokenGrant(await discover(app.url, client.id, fresh), client.refreshToken);
  expect(refreshed.access_token).toBeTruthy();
  client.secret = fresh;
});

test("the group's page lists the applications its members may use", async () => {
  const page = pages.admin;
  await page.goto(`${app.url}/settings/admin/user-groups/${seeded.groupId}`);
  const applications = page.getByRole("region", { name: "Applications" });
  await expect(applications.getByRole("cell", { name: "Team Wiki" })).toBeVisible();
  await expect(applications.getByRole("link", { name: "Open Portal" })).toBeVisible();
  await applications.getByRole("link", { name: "Team Wiki" }).click();
  await expect(page).toHaveURL(clientPage());
});

test("My apps offers a launch link only to the users an application admits", async () => {
  for (const [user, mayUseWiki] of [["carol", true], ["dave", false]] as const) {
    const page = pages[user];
    await page.goto(`${app.url}/settings/account`);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "My apps" }).click();
    const launchable = page.getByRole("region", { name: "Applications you may use" });
    await expect(launchable.getByRole("link", { name: "Launch Open Portal" })).toHaveAttribute("href", `${rp.origin}/portal`);
    await expect(launchable.getByRole("link", { name: "Launch Team Wiki" })).toHaveCount(mayUseWiki ? 1 : 0);
    if (mayUseWiki) await expect(launchable.getByRole("link", { name: "Launch Team Wiki" })).toHaveAttribute("href", `${rp.origin}/home`);
  }
});
