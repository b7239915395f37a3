// Admin user-group pages in Chromium: create (with field errors), rename, add and remove members with
// the picker, delete a local group; LDAP groups read-only, their actions refusing direct calls.
import { expect, test, type Page } from "@playwright/test";
import { userGroupMembers, userGroups, users } from "../lib/db/schema";
import type { StartedApp } from "./fixtures/app";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { callServerAction, serverActionId } from "./fixtures/server-action";
import { toasts } from "./fixtures/toasts";

const GROUPS = "/settings/admin/user-groups";
const LDAP_ENV = { LDAP_ENABLED: "true", LDAP_URL: "ldap://127.0.0.1:9", LDAP_BASE: "dc=example,dc=org", LDAP_SYNC_INTERVAL: "24h" };

const dialog = (page: Page) => page.getByRole("dialog");

test.describe("groups", () => {
  let app: StartedApp;
  let seeded: { admin: SeededSession; ldapGroupId: string; localGroupId: string; aliceId: string };

  test.beforeAll(async () => {
    ({ app, seeded } = await startSeededApp(
      async (db) => {
        const [alice] = await db
          .insert(users)
          .values([
            { username: "alice", email: "alice@example.org", firstName: "Alice", displayName: "Alice Local" },
            { username: "ldap-bob", email: "bob@example.org", firstName: "Bob", displayName: "Bob Directory", ldapId: "entry-bob" },
          ])
          .returning({ id: users.id });
        const [ldapGroup, localGroup] = await db
          .insert(userGroups)
          .values([
            { name: "ldap-staff", friendlyName: "Staff", ldapId: "entry-staff" },
            { name: "existing", friendlyName: "Existing" },
          ])
          .returning({ id: userGroups.id });
        await db.insert(userGroupMembers).values({ userId: alice.id, groupId: ldapGroup.id });
        return {
          admin: await seedSignedInUser(db, { username: "admin", isAdmin: true }),
          ldapGroupId: ldapGroup.id,
          localGroupId: localGroup.id,
          aliceId: alice.id,
        };
      },
      { env: LDAP_ENV },
    ));
  });
  test.afterAll(() => app?.stop());

  test.beforeEach(({ context }) => signInAs(context, app, seeded.admin));

  test("create with field errors, rename, add and remove members, delete a local group", async ({ page }) => {
    await page.goto(`${app.url}${GROUPS}`);
    await expect(page.getByRole("heading", { level: 1, name: "User Groups" })).toBeVisible();
    await page.getByRole("button", { name: "Add group" }).click();
    await dialog(page).getByLabel("Name", { exact: true }).fill("two words");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "Use lower-case letters, digits and _ . - only" })).toBeVisible();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "Enter a friendly name." })).toBeVisible();

    await dialog(page).getByLabel("Friendly name").fill("Developers");
    await dialog(page).getByLabel("Name", { exact: true }).fill("EXISTING");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(dialog(page).getByRole("alert").filter({ hasText: "A group with this name already exists." })).toBeVisible();
    await dialog(page).getByLabel("Name", { exact: true }).fill("Developers");
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Developers/ })).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("developers");

    await page.getByLabel("Friendly name").fill("Dev Team");
    await page.getByLabel("Name", { exact: true }).fill("dev-team");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(toasts(page).getByText("Group saved", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: /Dev Team/ })).toBeVisible();

    // Members: a local and an LDAP user, chosen across two searches.
    await page.getByRole("button", { name: "Add members" }).click();
    await dialog(page).getByLabel("Search users").fill("ali");
    await dialog(page).getByLabel(/^alice/).check();
    await dialog(page).getByLabel("Search users").fill("bob@");
    await dialog(page).getByLabel(/^ldap-bob/).check();
    await dialog(page).getByRole("button", { name: "Add members (2)" }).click();
    await expect(toasts(page).getByText("2 members added", { exact: true })).toBeVisible();
    await expect(page.getByText("2 members.", { exact: true })).toBeVisible();
    const members = page.getByRole("table");
    await expect(members.getByRole("link", { name: "alice" })).toBeVisible();
    await expect(members.getByRole("row", { name: /ldap-bob/ }).getByText("LDAP", { exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Remove alice" }).click();
    await expect(page.getByText("1 member.", { exact: true })).toBeVisible();
    await expect(members.getByRole("link", { name: "alice" })).toHaveCount(0);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(`${app.url}${GROUPS}`);
    await expect(page.getByRole("link", { name: "Dev Team" })).toHaveCount(0);
    await expect(page.getByRole("row", { name: /Staff/ }).getByText("LDAP", { exact: true })).toBeVisible();
  });

  test("an LDAP group's page has no edit controls and its actions refuse direct calls", async ({ page, request }) => {
    await page.goto(`${app.url}${GROUPS}/${seeded.ldapGroupId}`);
    await expect(page.getByRole("heading", { level: 1, name: /Staff/ })).toBeVisible();
    await expect(page.getByRole("note", { name: "Managed by LDAP" })).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: "alice" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Name" })).toHaveCount(0);
    for (const name of [/^Save$/, /^Delete$/, /^Add members/, /^Remove/]) await expect(page.getByRole("button", { name })).toHaveCount(0);

    const call = (name: string, args: unknown[]) =>
      callServerAction(request, {
        url: `${app.url}${GROUPS}`,
        origin: app.url,
        actionId: serverActionId(name, "user-groups/[id]/actions"),
        args,
        cookie: `pocket_id_session=${seeded.admin.token}`,
      });
    for (const [name, args] of [
      ["updateGroupAction", [{ id: seeded.ldapGroupId, name: "renamed", friendlyName: "Renamed" }]],
      ["deleteGroupAction", [seeded.ldapGroupId]],
      ["addGroupMembersAction", [{ groupId: seeded.ldapGroupId, userIds: [seeded.aliceId] }]],
      ["removeGroupMembersAction", [{ groupId: seeded.ldapGroupId, userIds: [seeded.aliceId] }]],
    ] as const) {
      expect(await call(name, [...args]), name).toMatchObject({ ok: false, status: 403, code: "managed_by_ldap" });
    }
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: /Staff/ })).toBeVisible();
    await expect(page.getByText("1 member.", { exact: true })).toBeVisible();
  });

  test("a group deleted elsewhere while its page is open: the confirmation stays open and says why", async ({ page, request }) => {
    await page.goto(`${app.url}${GROUPS}/${seeded.localGroupId}`);
    await page.getByRole("button", { name: "Delete" }).click();
    const confirmation = page.getByRole("alertdialog");
    await expect(confirmation).toBeVisible();
    const deletedElsewhere = await callServerAction(request, {
      url: `${app.url}${GROUPS}`,
      origin: app.url,
      actionId: serverActionId("deleteGroupAction", "user-groups/[id]/actions"),
      args: [seeded.localGroupId],
      cookie: `pocket_id_session=${seeded.admin.token}`,
    });
    expect(deletedElsewhere).toMatchObject({ ok: true });

    await confirmation.getByRole("button", { name: "Delete" }).click();
    // The page behind a modal dialog is hidden from screen readers: the reason is in the dialog.
    await expect(confirmation.getByRole("alert")).toContainText(/group/i);
    await expect(confirmation).toBeVisible();
    await confirmation.getByRole("button", { name: "Cancel" }).click();
    await expect(confirmation).toHaveCount(0);
  });
});
