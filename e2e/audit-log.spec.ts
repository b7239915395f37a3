// The audit log in Chromium: a real action appears on the admin page, reached from the user's page
// with the user filter in the URL; the event filter narrows it; non-admins get 403; each user sees
// their own sign-ins on the account page.
import { expect, test, type Page } from "@playwright/test";
import { auditLog } from "../lib/db/schema";
import type { StartedApp } from "./fixtures/app";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import { toasts } from "./fixtures/toasts";

const AUDIT = "/settings/admin/audit-log";
const auditTable = (page: Page) => page.getByRole("table", { name: "Audit log" });

let app: StartedApp;
let admin: SeededSession;
let roamer: SeededSession;
// Signed in separately: the first test signs roamer out everywhere.
let viewer: SeededSession;

test.beforeAll(async () => {
  ({ app, seeded: { admin, roamer, viewer } } = await startSeededApp(async (db) => {
    const seeded = {
      admin: await seedSignedInUser(db, { username: "admin", isAdmin: true }),
      roamer: await seedSignedInUser(db, { username: "roamer" }),
      viewer: await seedSignedInUser(db, { username: "viewer" }),
    };
    await db.insert(auditLog).values([
      { event: "user.created", actorKind: "system", targetType: "user", targetId: seeded.roamer.userId, targetName: "roamer" },
      { event: "config.saved", actorKind: "user", actorUserId: seeded.admin.userId, actorUsername: "admin", details: { changed: ["APP_NAME"] } },
      {
        event: "sign_in.passkey",
        actorKind: "user",
        actorUserId: seeded.viewer.userId,
        actorUsername: "viewer",
        targetType: "user",
        targetId: seeded.viewer.userId,
        clientAddress: "192.0.2.44",
        userAgent: "ViewerBrowser/9.1",
      },
    ]);
    return seeded;
  }));
});
test.afterAll(() => app?.stop());

test("an admin's action shows in the user's events; the event filter stays in the URL", async ({ page, context }) => {
  await signInAs(context, app, admin);
  await page.goto(`${app.url}/settings/admin/users/${roamer.userId}`);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(toasts(page).getByText("1 session of roamer ended.", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page).toHaveURL(`${app.url}${AUDIT}?user=roamer`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Log" })).toBeVisible();
  const ended = auditTable(page).getByRole("row").filter({ hasText: "Signed out everywhere" });
  await expect(ended).toHaveCount(1);
  await expect(ended).toContainText("admin");
  await expect(auditTable(page).getByRole("row").filter({ hasText: "Configuration saved" })).toHaveCount(0);

  await page.getByLabel("Event").selectOption("user.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/event=user\.created/);
  await expect(page).toHaveURL(/user=roamer/);
  await expect(auditTable(page).getByRole("row").filter({ hasText: "User created" })).toHaveCount(1);
  await expect(auditTable(page).getByRole("row").filter({ hasText: "Signed out everywhere" })).toHaveCount(0);

  await page.goto(`${app.url}${AUDIT}?from=not-a-date`);
  await expect(page.getByText("Use a date such as 2026-12-31.")).toBeVisible();
});

test("a non-admin gets 403 on the audit page and sees their own sign-ins on the account page", async ({ page, context }) => {
  await signInAs(context, app, viewer);
  const response = await page.goto(`${app.url}${AUDIT}`);
  expect(response?.status()).toBe(403);

  await page.goto(`${app.url}/settings/account`);
  const signIns = page.getByRole("table", { name: "Recent sign-ins" });
  const row = signIns.getByRole("row").filter({ hasText: "192.0.2.44" });
  await expect(row).toContainText("Signed in with a passkey");
  await expect(row).toContainText("ViewerBrowser/9.1");
  await expect(row).toContainText("Success");
});
