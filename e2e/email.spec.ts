// E-mail in Chromium against a real SMTP server process: the typed code of a 15-minute link (and its
// QR code) signs a user in to enrol a passkey; a login link e-mailed from the user's page arrives and
// works; Send test e-mail reports success and a wrong password in plain words, never showing it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSmtpServer, type TestSmtpServer } from "../lib/mail/testing/smtp-server";
import { seedSignedInUser, signInAs, startSeededApp, type SeededSession } from "./fixtures/session";
import type { StartedApp } from "./fixtures/app";
import { toasts } from "./fixtures/toasts";
import { users } from "../lib/db/schema";
import { expect, test, addVirtualAuthenticator } from "./fixtures/webauthn";

const SMTP_PASSWORD = "e2e-smtp-S3cret";
let smtp: TestSmtpServer;
let app: StartedApp;
let admin: SeededSession;
let bob: string;
let caDir: string;

test.beforeAll(async () => {
  smtp = await startSmtpServer({ user: "mailer@example.org", password: SMTP_PASSWORD });
  caDir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-e2e-ca-"));
  fs.writeFileSync(path.join(caDir, "ca.pem"), smtp.caCert);
  const started = await startSeededApp(
    async (db) => {
      const seededAdmin = await seedSignedInUser(db, { username: "alice", email: "alice@example.org", displayName: "Alice Admin", isAdmin: true });
      const [row] = await db.insert(users).values({ username: "bob", email: "bob@example.org", firstName: "Bob", displayName: "Bob Builder" }).returning({ id: users.id });
      return { seededAdmin, bob: row.id };
    },
    {
      env: {
        SMTP_HOST: "localhost",
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: "pocket-id@example.org",
        SMTP_USER: "mailer@example.org",
        SMTP_PASSWORD,
        SMTP_TLS: "starttls",
        NODE_EXTRA_CA_CERTS: path.join(caDir, "ca.pem"),
      },
    },
  );
  app = started.app;
  admin = started.seeded.seededAdmin;
  bob = started.seeded.bob;
});

test.afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
  fs.rmSync(caDir, { recursive: true, force: true });
});

test("a 15-minute link's typed code signs the user in once, to enrol a passkey; the dialog shows a QR code", async ({ page, browser }) => {
  await signInAs(page.context(), app, admin);
  await page.goto(`${app.url}/settings/admin/users/${bob}`);
  await page.getByLabel("Link valid for").selectOption({ label: "15 minutes" });
  await page.getByRole("button", { name: "Create login link" }).click();
  const code = (await page.getByTestId("login-code").textContent())!;
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/);
  await expect(page.getByRole("img", { name: "QR code of the login link" })).toBeVisible();

  const phone = await browser.newContext();
  const phonePage = await phone.newPage();
  const authenticator = await addVirtualAuthenticator(phonePage);
  try {
    await phonePage.goto(`${app.url}/login`);
    await phonePage.getByRole("link", { name: "Have a code?" }).click();
    await expect(phonePage).toHaveURL(`${app.url}/login/code`);
    await phonePage.getByLabel("Code").fill("ZZZ-ZZZ");
    await phonePage.getByRole("button", { name: "Sign in" }).click();
    await expect(phonePage.getByRole("alert").filter({ hasText: "This code is wrong, has expired or was already used" })).toBeVisible();
    // Case and the dash do not matter.
    await phonePage.getByLabel("Code").fill(code.toLowerCase().replace("-", ""));
    await phonePage.getByRole("button", { name: "Sign in" }).click();
    await expect(phonePage).toHaveURL(`${app.url}/settings/account`);
    await expect(phonePage.getByTestId("signed-in-user")).toHaveText("Bob Builder");
    await phonePage.getByRole("button", { name: "Add passkey" }).click();
    await expect(phonePage.getByRole("cell", { name: "Passkey", exact: true })).toBeVisible();
    expect(await authenticator.credentials()).toHaveLength(1);

    // Used once.
    await phonePage.getByRole("button", { name: "Sign out" }).click();
    await phonePage.goto(`${app.url}/login/code`);
    await phonePage.getByLabel("Code").fill(code);
    await phonePage.getByRole("button", { name: "Sign in" }).click();
    await expect(phonePage.getByRole("alert").filter({ hasText: "This code is wrong, has expired or was already used" })).toBeVisible();
  } finally {
    await phone.close();
  }
  expect(app.logs.join("\n")).not.toContain(code.replace("-", ""));
});

test("an e-mailed login link arrives and signs the user in; Send test e-mail diagnoses; the SMTP password never shows", async ({ page, browser }) => {
  smtp.clear();
  await signInAs(page.context(), app, admin);
  await page.goto(`${app.url}/settings/admin/users/${bob}`);
  await page.getByLabel("Link valid for").selectOption({ label: "1 day" });
  await page.getByRole("button", { name: "Send login link by e-mail" }).click();
  await expect(toasts(page).getByText("E-mailed to bob@example.org.")).toBeVisible();
  const [mail] = await smtp.waitForMessages(1);
  expect(mail.parsed.subject).toBe("Your sign-in link for Pocket ID");
  expect(mail.parsed.text).toContain("Alice Admin, an administrator of Pocket ID");
  const link = /(http:\/\/localhost:\d+\/lc\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? "")![1];

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  try {
    await otherPage.goto(link);
    await otherPage.getByRole("button", { name: "Continue" }).click();
    await expect(otherPage.getByTestId("signed-in-user")).toHaveText("Bob Builder");
  } finally {
    await other.close();
  }

  await page.goto(`${app.url}/settings/admin/application-configuration`);
  await expect(page.getByTestId("smtp-password-status")).toHaveText("Saved password: set.");
  await expect(page.getByLabel("Send test e-mail to")).toHaveValue("alice@example.org");
  await page.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByTestId("email-test-result")).toContainText("Sent a test e-mail to alice@example.org");
  await smtp.waitForMessages(2);
  await page.getByLabel("SMTP password", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByTestId("email-test-result")).toContainText("The mail server refused the user name or password of mailer@example.org");

  for (const text of [await page.content(), app.logs.join("\n")]) expect(text).not.toContain(SMTP_PASSWORD);
});
