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
      await db.insert(users).values([
        { username: "carol", email: "carol@example.org", firstName: "Carol" },
        { username: "dave", email: "dave@example.org", firstName: "Dave" },
        { username: "eve", email: null, firstName: "Eve" },
      ]);
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
        EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: "true",
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

test("Send login links: everyone without a passkey, then a selection; live report; a re-run skips those invited", async ({ page }) => {
  smtp.clear();
  await signInAs(page.context(), app, admin);
  await page.goto(`${app.url}/settings/admin/users`);
  await page.getByRole("button", { name: "Send login links" }).click();
  const dialog = page.getByRole("dialog", { name: "Send login links" });
  await expect(dialog.getByLabel("Send to")).toHaveValue("filter");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  // alice, carol and dave have no passkey and an address; eve has no address; bob enrolled above.
  await expect(dialog.getByTestId("send-login-links-report")).toContainText("Sent 3 of 4. Skipped 1 (1 without an e-mail address, 0 disabled, 0 invited recently). Failed 0.");
  const messages = await smtp.waitForMessages(3);
  expect(messages.map((mail) => mail.to[0]).sort()).toEqual(["alice@example.org", "carol@example.org", "dave@example.org"]);
  await page.keyboard.press("Escape");

  // Again, the same day: nothing new.
  await page.getByRole("button", { name: "Send login links" }).click();
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog.getByTestId("send-login-links-report")).toContainText("Sent 0 of 4. Skipped 4 (1 without an e-mail address, 0 disabled, 3 invited recently).");
  await page.keyboard.press("Escape");

  // A selection, re-sent on purpose.
  await page.getByRole("checkbox", { name: "Select carol" }).click();
  await page.getByRole("button", { name: "Send login links" }).click();
  await expect(dialog.getByLabel("Send to")).toHaveValue("selection");
  await dialog.getByLabel("Skip users e-mailed a login link within").selectOption({ label: "never: send to everyone again" });
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog.getByTestId("send-login-links-report")).toContainText("Sent 1 of 1.");
  const [, , , again] = await smtp.waitForMessages(4);
  expect(again.to).toEqual(["carol@example.org"]);
  expect(app.logs.join("\n")).not.toContain(SMTP_PASSWORD);
});

test("E-mail me a sign-in link: the same answer for a known and an unknown address; the known one gets a link", async ({ browser }) => {
  smtp.clear();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const answers: string[] = [];
    for (const email of ["nobody@example.org", "dave@example.org"]) {
      await page.goto(`${app.url}/login`);
      await page.getByRole("link", { name: "E-mail me a sign-in link" }).click();
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
      answers.push((await page.getByRole("status").filter({ hasText: "If an account uses this address" }).textContent()) ?? "");
    }
    expect(answers[0]).toBe(answers[1]);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail.to).toEqual(["dave@example.org"]);
    const code = /login\/code: ([A-Z0-9]{3}-[A-Z0-9]{3})/.exec(mail.parsed.text ?? "")![1];
    await page.getByRole("link", { name: "Type the code from the e-mail" }).click();
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${app.url}/settings/account`);
  } finally {
    await context.close();
  }
  expect(smtp.messages).toHaveLength(1);
});
