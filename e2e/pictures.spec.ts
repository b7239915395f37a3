// Profile pictures and the users list filters in Chromium: an LDAP user's jpegPhoto shows in the
// users list after one sync, served with ETag/304 to signed-in users only; a local user uploads and
// removes their picture; an LDAP user's picture is read-only and their account page links to the
// directory's account portal; the list filters live in the URL with the search and the sort.
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { users } from "../lib/db/schema";
import { fixtureLdif, fixtureUserDn } from "../lib/ldap/testing/fixtures";
import { ldif, ldifModify } from "../lib/ldap/testing/ldif";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "../lib/ldap/testing/sync-helpers";
import { testImage } from "../lib/pictures/testing";
import type { StartedApp } from "./fixtures/app";
import { callServerAction, serverActionId } from "./fixtures/server-action";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { toasts } from "./fixtures/toasts";

const PORTAL = "https://accounts.example.test/self-service";
const USERS = "/settings/admin/users";

test.describe.configure({ mode: "serial" });

let slapd: SlapdServer;
let app: StartedApp;
let admin: SeededSession;
let lou: SeededSession;

test.beforeAll(async () => {
  slapd = await startSlapd();
  await slapd.add(fixtureLdif());
  await slapd.modify(ldif(ldifModify(fixtureUserDn("alice"), [{ op: "add", attr: "jpegPhoto", values: await testImage("jpeg", 400, 300) }])));
  ({ app, seeded: { admin, lou } } = await startSeededApp(
    async (db) => {
      await db.insert(users).values({ username: "dora", firstName: "Dora", displayName: "Dora Disabled", disabled: true });
      return {
        admin: await seedSignedInUser(db, { username: "root-admin", displayName: "Root Admin", isAdmin: true }),
        lou: await seedSignedInUser(db, { username: "lou", displayName: "Lou Local" }),
      };
    },
    {
      env: {
        ...fixtureSyncEnv(slapd),
        LDAP_ENABLED: "true",
        LDAP_SYNC_INTERVAL: "24h",
        LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto",
        LDAP_ACCOUNT_PORTAL_URL: PORTAL,
      },
    },
  ));
  await app.waitForLog(/^level=INFO msg="Job run successfully" name=SyncLdap /);
});

test.afterAll(async () => {
  await app?.stop();
  await slapd?.stop();
});

const row = (page: Page, text: string) => page.getByRole("row").filter({ hasText: text });
const loadedWidth = (page: Page, selector: ReturnType<Page["locator"]>) =>
  expect.poll(() => selector.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)));

test("an LDAP user's jpegPhoto shows in the users list after one sync, cached by ETag, for signed-in users only", async ({ page, context }) => {
  await signInAs(context, app, admin);
  await page.goto(`${app.url}${USERS}`);
  const picture = row(page, "alice@example.org").getByTestId("avatar-picture");
  await loadedWidth(page, picture).toBe(64);
  // Users without a picture get their initials; the signed-in admin too, in the top bar.
  await expect(row(page, "bob@example.org").getByTestId("avatar-initials")).toHaveText("BB");
  await expect(page.getByRole("banner").getByTestId("avatar-initials")).toHaveText("RA");

  const src = (await picture.getAttribute("src"))!;
  const first = await page.request.get(`${app.url}${src}`);
  expect(first.status()).toBe(200);
  expect(first.headers()).toMatchObject({ "content-type": "image/webp", "cache-control": "private, max-age=31536000, immutable", etag: expect.stringMatching(/^".+-small"$/) });
  const again = await page.request.get(`${app.url}${src}`, { headers: { "If-None-Match": first.headers().etag } });
  expect(again.status()).toBe(304);
  expect((await fetch(`${app.url}${src}`)).status).toBe(401);

  // The user's page shows the large picture.
  await row(page, "alice@example.org").getByRole("link").first().click();
  await loadedWidth(page, page.getByRole("heading", { level: 1 }).getByTestId("avatar-picture")).toBe(256);
});

test("filters: source, status and role combine with the search and the sort, and stay in the URL", async ({ page, context }) => {
  await signInAs(context, app, admin);
  await page.goto(`${app.url}${USERS}`);
  const filters = page.getByRole("search", { name: "Filter users" });
  await filters.getByLabel("Source").selectOption("local");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/source=local/);
  await expect(row(page, "lou")).toBeVisible();
  await expect(row(page, "alice@example.org")).toHaveCount(0);
  await expect(page.getByText("3 users match the filters.")).toBeVisible();

  await filters.getByLabel("Status").selectOption("disabled");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/source=local.*status=disabled|status=disabled.*source=local/);
  await expect(page.getByRole("table").getByRole("link", { name: "dora" })).toBeVisible();
  await expect(page.getByText("1 user matches the filters.")).toBeVisible();

  // The search keeps the filters; sorting keeps both.
  await page.goto(`${app.url}${USERS}?source=ldap&role=admin`);
  await page.getByLabel("Search users").fill("ali");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=ali/);
  await expect(page).toHaveURL(/role=admin/);
  await expect(row(page, "alice@example.org")).toBeVisible();
  await page.getByRole("link", { name: /^Created/ }).click();
  await expect(page).toHaveURL(/sort=created/);
  await expect(page).toHaveURL(/source=ldap/);
  await expect(page).toHaveURL(/q=ali/);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
});

test("a local user uploads and removes their picture; oversized and unusable files are refused", async ({ page, context }) => {
  await signInAs(context, app, lou);
  await page.goto(`${app.url}/settings/account`);
  const field = page.getByLabel("Profile picture");

  await field.setInputFiles({ name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(1_100_000) });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Choose an image of at most 1 MB." })).toBeVisible();

  await field.setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("<html>not a picture</html>") });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is not an image that can be read" })).toBeVisible();

  await field.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await testImage("png", 300, 200, "#16a085") });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(toasts(page).getByText("Picture saved").first()).toBeVisible();
  await loadedWidth(page, page.getByRole("banner").getByTestId("avatar-picture")).toBe(64);
  await loadedWidth(page, page.getByRole("main").getByTestId("avatar-picture")).toBe(256);

  await page.getByRole("button", { name: "Remove picture" }).click();
  await expect(toasts(page).getByText("Picture removed").first()).toBeVisible();
  await expect(page.getByRole("banner").getByTestId("avatar-initials")).toHaveText("LL");
  await expect(page.getByRole("button", { name: "Remove picture" })).toHaveCount(0);
});

test("an LDAP user's account page: picture read-only, and the directory's account portal", async ({ page }) => {
  const link = (await app.cli(["one-time-access-token", "alice"])).stdout.trim();
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);

  const notice = page.getByRole("note", { name: "Managed by your directory" });
  await expect(notice).toContainText("Managed by your directory — manage it here");
  await expect(notice.getByRole("link", { name: "manage it here" })).toHaveAttribute("href", PORTAL);
  await expect(page.getByText("Your picture comes from your directory: change it there.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload picture" })).toHaveCount(0);
  await loadedWidth(page, page.getByRole("banner").getByTestId("avatar-picture")).toBe(64);

  // The action refuses what the page does not offer.
  const session = (await page.context().cookies()).find((cookie) => cookie.name.includes("session"))!;
  const result = await callServerAction(page.request, {
    url: `${app.url}/settings/account`,
    origin: app.url,
    actionId: serverActionId("removePictureAction", "settings/account/actions"),
    args: [],
    cookie: `${session.name}=${session.value}`,
  });
  expect(result).toMatchObject({ ok: false, code: "managed_by_ldap" });
});
