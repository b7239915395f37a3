// Admin users pages in Chromium: create, edit, disable, promote and delete a local user with field
// errors shown; list search and sort; LDAP-managed users read-only; actions refusing direct calls.
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import type { Db } from "../lib/db/client";
import { userGroupMembers, userGroups, users, webauthnCredentials } from "../lib/db/schema";
import type { StartedApp } from "./fixtures/app";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { callServerAction, serverActionId } from "./fixtures/server-action";
import { toasts } from "./fixtures/toasts";

const USERS = "/settings/admin/users";
// LDAP on, pointing nowhere: the scheduled sync fails without touching the seeded LDAP rows.
const LDAP_ENV = { LDAP_ENABLED: "true", LDAP_URL: "ldap://127.0.0.1:9", LDAP_BASE: "dc=example,dc=org", LDAP_SYNC_INTERVAL: "24h" };

const dialog = (page: Page) => page.getByRole("dialog");

/** Stored credential rows (no real key: these passkeys are only listed and removed, never used). */
async function seedPasskeys(db: Db, userId: string, names: string[]): Promise<string[]> {
  const rows = await db
    .insert(webauthnCredentials)
    .values(names.map((name) => ({ userId, name, credentialId: crypto.randomBytes(16).toString("base64url"), publicKey: crypto.randomBytes(77) })))
    .returning({ id: webauthnCredentials.id });
  return rows.map((row) => row.id);
}
const alertdialog = (page: Page) => page.getByRole("alertdialog");

test.describe("local users", () => {
  let app: StartedApp;
  let admin: SeededSession;
  let roamer: SeededSession;

  test.beforeAll(async () => {
    ({ app, seeded: { admin, roamer } } = await startSeededApp(async (db) => {
      await db.insert(users).values([
        { username: "taken", email: "taken@example.org", firstName: "Taken", displayName: "Taken" },
        ...["amber", "birch", "cedar"].map((name, i) => ({
          username: `tree-${name}`,
          email: `${name}@trees.test`,
          firstName: name,
          displayName: `${"ZYX"[i]} ${name}`,
        })),
      ]);
      return { admin: await seedSignedInUser(db, { username: "admin", isAdmin: true }), roamer: await seedSignedInUser(db, { username: "roamer" }) };
    }));
  });
  test.afterAll(() => app?.stop());

  test.beforeEach(({ context }) => signInAs(context, app, admin));

  test("create shows field errors, then the new user's page; edit, disable, make admin and delete", async ({ page }) => {
    await page.goto(`${app.url}${USERS}`);
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await page.getByRole("button", { name: "Add user" }).click();

    // Client-side validation (the shared zod schema)
    await dialog(page).getByLabel("Username").fill("bad name!");
    await dialog(page).getByLabel("Email").fill("not-an-email");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "Use letters, digits and _ . @ - only" })).toBeVisible();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "Enter a valid email address" })).toBeVisible();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "First name is required" })).toBeVisible();

    // Server-side uniqueness (case-insensitive), shown on the fields
    await dialog(page).getByLabel("Username").fill("TAKEN");
    await dialog(page).getByLabel("Email").fill("Taken@Example.org");
    await dialog(page).getByLabel("First name").fill("Nova");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "This username is already taken." })).toBeVisible();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "This e-mail address is already used by another user." })).toBeVisible();

    await dialog(page).getByLabel("Username").fill("nova");
    await dialog(page).getByLabel("Email").fill("nova@example.org");
    await dialog(page).getByLabel("Last name").fill("Star");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Nova Star/ })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${USERS}/[0-9a-f-]{36}$`));
    const userUrl = page.url();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Local", { exact: true })).toBeVisible();

    // Edit: a duplicate e-mail is a field error, then a valid change saves
    await page.getByLabel("Email").fill("taken@example.org");
    await page.getByLabel("Display name").fill("Nova S.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This e-mail address is already used by another user." })).toBeVisible();
    await page.getByLabel("Email").fill("nova.star@example.org");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(toasts(page).getByText("User saved", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: /Nova S\./ })).toBeVisible();

    await page.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Disabled", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Enable" }).click();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Active", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Make admin" }).click();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Admin", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Remove admin" }).click();
    await expect(page.getByRole("button", { name: "Make admin" })).toBeVisible();

    await page.getByRole("button", { name: "Delete" }).click();
    await expect(alertdialog(page)).toContainText("Delete user nova?");
    await alertdialog(page).getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(`${app.url}${USERS}`);
    expect((await page.goto(userUrl))?.status()).toBe(404);
  });

  test("search and sort keep their state in the URL", async ({ page }) => {
    await page.goto(`${app.url}${USERS}`);
    await page.getByLabel("Search users").fill("TREES.test");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=TREES.test/);
    await expect(page.getByText("3 users match “TREES.test”.")).toBeVisible();
    const usernames = () => page.getByRole("table").getByRole("row").locator("td:first-child a").allTextContents();
    expect(await usernames()).toEqual(["tree-amber", "tree-birch", "tree-cedar"]);

    // Name sort uses the display names Z/Y/X amber/birch/cedar; a second click reverses it.
    await page.getByRole("link", { name: /^Name/ }).click();
    await expect(page).toHaveURL(/sort=name/);
    await expect.poll(usernames).toEqual(["tree-cedar", "tree-birch", "tree-amber"]);
    await page.getByRole("link", { name: /^Name/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect.poll(usernames).toEqual(["tree-amber", "tree-birch", "tree-cedar"]);
    await expect(page.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "descending");
  });

  test("Sign out everywhere ends the user's sessions: their browser is signed out at its next request", async ({ page, browser }) => {
    const roamersBrowser = await browser.newContext();
    await signInAs(roamersBrowser, app, roamer);
    const roamersPage = await roamersBrowser.newPage();
    await roamersPage.goto(`${app.url}/settings/account`);
    await expect(roamersPage).toHaveURL(`${app.url}/settings/account`);

    await page.goto(`${app.url}${USERS}/${roamer.userId}`);
    await expect(page.getByText("Signed in on 1 browser.")).toBeVisible();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await alertdialog(page).getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(toasts(page).getByText("1 session of roamer ended.")).toBeVisible();
    await expect(page.getByText("Signed in on 0 browsers.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeDisabled();

    await roamersPage.reload();
    await expect(roamersPage).toHaveURL(/\/login/);
    await roamersBrowser.close();
  });

  test("an administrator has no Delete, Disable or Remove admin on their own page", async ({ page }) => {
    await page.goto(`${app.url}${USERS}/${admin.userId}`);
    await expect(page.getByRole("heading", { level: 1, name: /admin/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeVisible();
    for (const name of ["Delete", "Disable", "Remove admin"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  });
});

test.describe("LDAP-managed users while LDAP is enabled", () => {
  let app: StartedApp;
  let seeded: {
    admin: SeededSession;
    member: SeededSession;
    ldapUserId: string;
    goneUserId: string;
    localUserId: string;
    localPasskeyId: string;
  };

  test.beforeAll(async () => {
    ({ app, seeded } = await startSeededApp(
      async (db) => {
        const [ldapUser, gone, local] = await db
          .insert(users)
          .values([
            { username: "ldap-carol", email: "carol@example.org", firstName: "Carol", lastName: "Directory", displayName: "Carol Directory", ldapId: "entry-carol" },
            { username: "ldap-gone", firstName: "Gone", displayName: "Gone", ldapId: "entry-gone", disabled: true },
            { username: "local-dan", firstName: "Dan", displayName: "Dan" },
          ])
          .returning({ id: users.id });
        const [ldapGroup, localGroup] = await db
          .insert(userGroups)
          .values([
            { name: "ldap-staff", friendlyName: "Staff", ldapId: "entry-staff" },
            { name: "local-team", friendlyName: "Team" },
          ])
          .returning({ id: userGroups.id });
        await db.insert(userGroupMembers).values([
          { userId: ldapUser.id, groupId: ldapGroup.id },
          { userId: ldapUser.id, groupId: localGroup.id },
        ]);
        await seedPasskeys(db, ldapUser.id, ["Carol laptop", "Carol phone"]);
        const [localPasskeyId] = await seedPasskeys(db, local.id, ["Dan key"]);
        return {
          admin: await seedSignedInUser(db, { username: "admin", isAdmin: true }),
          member: await seedSignedInUser(db, { username: "plain-member" }),
          ldapUserId: ldapUser.id,
          goneUserId: gone.id,
          localUserId: local.id,
          localPasskeyId,
        };
      },
      { env: LDAP_ENV },
    ));
  });
  test.afterAll(() => app?.stop());

  test("the list marks LDAP users; their page is read-only with a Managed by LDAP notice", async ({ page, context }) => {
    await signInAs(context, app, seeded.admin);
    await page.goto(`${app.url}${USERS}?q=ldap-carol`);
    const row = page.getByRole("row", { name: /ldap-carol/ });
    await expect(row.getByText("LDAP", { exact: true })).toBeVisible();
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    await row.getByRole("link", { name: "ldap-carol" }).click();

    await expect(page.getByRole("heading", { level: 1, name: /Carol Directory/ })).toBeVisible();
    await expect(page.getByRole("note", { name: "Managed by LDAP" })).toBeVisible();
    await expect(page.getByText("carol@example.org")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Username" })).toHaveCount(0);
    for (const name of ["Save", "Delete", "Disable", "Enable", "Make admin", "Remove admin"]) {
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    }
    // The LDAP group membership is read-only; the local one can be left; login links stay available.
    await expect(page.getByRole("button", { name: "Remove from ldap-staff" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Remove from local-team" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create login link" })).toBeVisible();
  });

  test("an administrator removes an LDAP user's passkeys, the last one with a login-link warning", async ({ page, context }) => {
    await signInAs(context, app, seeded.admin);
    await page.goto(`${app.url}${USERS}/${seeded.ldapUserId}`);
    await expect(page.getByRole("note", { name: "Managed by LDAP" })).toBeVisible();
    await expect(page.getByText("2 passkeys registered.")).toBeVisible();

    await page.getByRole("button", { name: "Remove Carol laptop" }).click();
    await expect(alertdialog(page)).toContainText("Remove passkey “Carol laptop”?");
    await expect(alertdialog(page)).toContainText("Their other passkeys keep working.");
    await alertdialog(page).getByRole("button", { name: "Remove" }).click();
    await expect(toasts(page).getByText("Passkey removed", { exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Carol laptop", exact: true })).toHaveCount(0);
    await expect(page.getByText("1 passkey registered.")).toBeVisible();

    await page.getByRole("button", { name: "Remove Carol phone" }).click();
    await expect(alertdialog(page)).toContainText("They will need a new login link to sign in.");
    await alertdialog(page).getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("No passkey yet: send a login link so the user can add one.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create login link" })).toBeVisible();
  });

  test("a disabled LDAP user can be deleted", async ({ page, context }) => {
    await signInAs(context, app, seeded.admin);
    await page.goto(`${app.url}${USERS}/${seeded.goneUserId}`);
    await expect(page.getByRole("heading", { level: 1 }).getByText("Disabled", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Enable" })).toHaveCount(0);
    await page.getByRole("button", { name: "Delete" }).click();
    await alertdialog(page).getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(`${app.url}${USERS}`);
  });

  test("actions called directly over HTTP refuse LDAP users, non-admins and anonymous callers", async ({ page, context, request }) => {
    const call = (name: string, args: unknown[], session?: SeededSession) =>
      callServerAction(request, {
        url: `${app.url}${USERS}`,
        origin: app.url,
        actionId: serverActionId(name, "admin/users/[id]/actions"),
        args,
        cookie: session ? `pocket_id_session=${session.token}` : undefined,
      });
    const profile = { username: "ldap-carol", email: "hijack@example.org", firstName: "H", lastName: "", displayName: "" };

    for (const [name, args] of [
      ["updateUserAction", [{ ...profile, id: seeded.ldapUserId }]],
      ["deleteUserAction", [seeded.ldapUserId]],
      ["setUserDisabledAction", [{ id: seeded.ldapUserId, value: true }]],
      ["setUserAdminAction", [{ id: seeded.ldapUserId, value: true }]],
    ] as const) {
      const result = await call(name, [...args], seeded.admin);
      expect(result, name).toMatchObject({ ok: false, status: 403, code: "managed_by_ldap" });
    }
    // A local user: refused for a non-admin (403) and for an anonymous caller (401).
    for (const [session, code] of [
      [seeded.member, "forbidden"],
      [undefined, "unauthenticated"],
    ] as const) {
      expect(await call("deleteUserAction", [seeded.localUserId], session)).toMatchObject({ ok: false, code });
      expect(await call("setUserAdminAction", [{ id: seeded.localUserId, value: true }], session)).toMatchObject({ ok: false, code });
      const passkey = { userId: seeded.localUserId, passkeyId: seeded.localPasskeyId };
      expect(await call("removeUserPasskeyAction", [passkey], session)).toMatchObject({ ok: false, code });
      // Refused, so the admin's session below still works.
      expect(await call("endUserSessionsAction", [seeded.admin.userId], session)).toMatchObject({ ok: false, code });
    }

    // Nothing changed.
    await signInAs(context, app, seeded.admin);
    await page.goto(`${app.url}${USERS}/${seeded.ldapUserId}`);
    await expect(page.getByText("carol@example.org")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Active", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Admin", { exact: true })).toHaveCount(0);
    await page.goto(`${app.url}${USERS}/${seeded.localUserId}`);
    await expect(page.getByRole("heading", { level: 1, name: /Dan/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Admin", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("cell", { name: "Dan key", exact: true })).toBeVisible();
  });
});
