// First-admin setup and passkey sign-in on the embedded database, plus the CLI login link with the
// server running (local channel) and stopped (direct).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp, type StartedApp } from "./fixtures/app";
import { expect, test } from "./fixtures/webauthn";
import { toasts } from "./fixtures/toasts";

// One instance for the file: the CLI tests need the admin that the setup test creates.
test.describe.configure({ mode: "serial" });

let app: StartedApp;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-identity-"));
  app = await startApp({ dataDir });
});

test.afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("setup creates the first admin with a passkey; they sign out and back in with it", async ({ page, authenticator }) => {
  // No user yet: sign-in sends the visitor to setup.
  await page.goto(`${app.url}/login`);
  await expect(page).toHaveURL(`${app.url}/setup`);
  await expect(page.getByRole("heading", { level: 1, name: "Create the first administrator" })).toBeVisible();

  // zod field errors show inline before anything is created.
  await page.getByLabel("Username").fill("-ada");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("First name is required")).toBeVisible();
  await expect(page.getByText("Use letters, digits and _ . @ - only, starting and ending with a letter or digit")).toBeVisible();

  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Ada Lovelace");
  await expect(page.getByRole("cell", { name: "Passkey", exact: true })).toBeVisible();
  await expect(page.getByText("Add your first passkey")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Application Configuration" })).toBeVisible();

  const [credential] = await authenticator.credentials();
  expect(credential).toMatchObject({ isResidentCredential: true, rpId: "localhost" });

  // The session cookie: httpOnly, SameSite=Lax, plain name on http; its value never in the page.
  const cookie = (await page.context().cookies()).find((c) => c.name === "pocket_id_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  expect(await page.content()).not.toContain(cookie!.value);

  // Setup is gone once a user exists.
  const setupAgain = await fetch(`${app.url}/setup`, { redirect: "manual" });
  expect(setupAgain.status).toBe(307);
  expect(setupAgain.headers.get("location")).toMatch(/\/login$/);

  // The only passkey cannot be deleted; renaming works; the same authenticator cannot register twice.
  await page.getByRole("button", { name: "Delete Passkey" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(toasts(page).getByText("You cannot delete your only passkey").first()).toBeVisible();
  await page.getByRole("button", { name: "Rename Passkey" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Laptop");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("cell", { name: "Laptop", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(toasts(page).getByText("This passkey is already registered for your account.").first()).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${app.url}/login`);
  expect((await page.context().cookies()).find((c) => c.name === "pocket_id_session")).toBeUndefined();
  await page.goto(`${app.url}/settings/account`);
  await expect(page).toHaveURL(`${app.url}/login`);

  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Ada Lovelace");
  await expect(page.getByText("Never")).toHaveCount(0); // "Last used" is now set
  const signedInCookie = (await page.context().cookies()).find((c) => c.name === "pocket_id_session")!;

  // Secrets never reach the server log.
  const logs = app.logs.join("\n");
  expect(logs).not.toContain(signedInCookie.value);
  expect(logs).not.toContain(cookie!.value);
});

test("the CLI prints a login link with the server running (local channel) and stopped (direct)", async () => {
  // Each CLI run starts tsx and, when direct, opens the embedded database: slow on a busy machine.
  test.slow();
  const unknown = await app.cli(["one-time-access-token", "nobody"]);
  expect(unknown).toMatchObject({ code: 1, stdout: "" });
  expect(unknown.stderr).toContain('No user has the username or email "nobody".');
  const running = await app.cli(["one-time-access-token", "ADA@example.com"]);
  expect(running.code).toBe(0);
  expect(running.stdout).toMatch(new RegExp(`^${app.url}/lc/[A-Za-z0-9_-]{43}\\n$`));
  expect(app.logs.join("\n")).not.toContain(running.stdout.trim().split("/lc/")[1]);

  await app.stop();
  const stopped = await app.cli(["one-time-access-token", "ada"]);
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toMatch(/\/lc\/[A-Za-z0-9_-]{43}\n$/);
});
