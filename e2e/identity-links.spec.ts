// One-time login links from the CLI (PostgreSQL mode, users seeded with SQL), passkey enrolment
// through them, refused reuse and expiry, and admin-only pages and actions refused to a non-admin.
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { Page } from "@playwright/test";
import { startApp, type StartedApp } from "./fixtures/app";
import { expect, test } from "./fixtures/webauthn";

const INVALID_LINK = "This login link is invalid, has expired or was already used. Ask an administrator for a new one.";

let app: StartedApp;
let sql: postgres.Sql;
let users: { alice: string; bob: string; carol: string };

test.beforeAll(async () => {
  app = await startApp({ postgres: true });
  sql = postgres(app.databaseUrl!, { max: 2, onnotice: () => {} });
  const rows = await sql<{ id: string; username: string }[]>`
    insert into users (username, email, first_name, last_name, display_name, is_admin, disabled) values
      ('alice', 'alice@example.com', 'Alice', 'Admin', 'Alice Admin', true, false),
      ('bob', 'bob@example.com', 'Bob', 'Builder', 'Bob Builder', false, false),
      ('carol', 'carol@example.com', 'Carol', 'Gone', 'Carol Gone', false, true)
    returning id, username`;
  users = Object.fromEntries(rows.map((row) => [row.username, row.id])) as typeof users;
});

test.afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

async function loginLink(login: string): Promise<string> {
  const result = await app.cli(["one-time-access-token", login]);
  expect(result.stderr).toMatch(/valid until .* \(1 hour\), usable once/);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

async function tokenRow(link: string) {
  const [row] = await sql<{ used_at: Date | null }[]>`
    select used_at from one_time_access_tokens
    where token_hash = encode(sha256(convert_to(${link.split("/lc/")[1]}, 'UTF8')), 'hex')`;
  return row;
}

/** Opens a link, checks that looking did not use it, then continues and lands signed in. */
async function signInWithLink(page: Page, link: string, name: string) {
  await page.goto(link);
  await expect(page).toHaveURL(`${app.url}/lc`);
  await expect(page.getByRole("heading", { level: 1, name: `Sign in as ${name}?` })).toBeVisible();
  expect(await page.content()).not.toContain(link.split("/lc/")[1]);
  expect((await tokenRow(link)).used_at).toBeNull();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
  expect((await tokenRow(link)).used_at).not.toBeNull();
}

test("a CLI login link lets a user without a passkey add one, and the passkey then signs them in", async ({ page, authenticator }) => {
  const link = await loginLink("bob");
  expect(link).toMatch(new RegExp(`^${app.url}/lc/[A-Za-z0-9_-]{43}$`));

  // A link scanner's GETs use nothing up. The token moves into an httpOnly cookie and out of the
  // URL; the page asking "Sign in as …?" never contains it.
  const token = link.split("/lc/")[1];
  const opened = await fetch(link, { redirect: "manual" });
  expect(opened.status).toBe(303);
  expect(opened.headers.get("location")).toBe("/lc");
  const linkCookie = opened.headers.get("set-cookie")!.split(";")[0];
  expect(linkCookie).toBe(`pocket_id_login_link=${token}`);
  expect(opened.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  const question = await fetch(`${app.url}/lc`, { headers: { Cookie: linkCookie } });
  const questionHtml = await question.text();
  expect(questionHtml).toContain("Sign in as Bob Builder?");
  expect(questionHtml).not.toContain(token);
  expect((await tokenRow(link)).used_at).toBeNull();

  await signInWithLink(page, link, "Bob Builder");
  await expect(page.getByText("Add your first passkey")).toBeVisible();
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByRole("cell", { name: "Passkey", exact: true })).toBeVisible();
  await expect(page.getByText("Add your first passkey")).toHaveCount(0);
  expect(await authenticator.credentials()).toHaveLength(1);
  const [stored] = await sql`select count(*)::int as n from webauthn_credentials where user_id = ${users.bob}`;
  expect(stored.n).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${app.url}/login`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Bob Builder");

  // Used once: opening the link again only explains, and Continue is gone.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "This login link cannot be used" })).toBeVisible();
  await expect(page.getByText(INVALID_LINK)).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);

  // The database holds hashes only; secrets stay out of the log.
  const cookie = (await page.context().cookies()).find((c) => c.name === "pocket_id_session")!;
  const [session] = await sql`select count(*)::int as n from sessions where token_hash = ${cookie.value}`;
  expect(session.n).toBe(0);
  expect(app.logs.join("\n")).not.toContain(cookie.value);
  expect(app.logs.join("\n")).not.toContain(token);

  // Disabling the user ends the session at once, and their passkey no longer signs them in.
  await sql`update users set disabled = true where id = ${users.bob}`;
  await page.goto(`${app.url}/settings/account`);
  await expect(page).toHaveURL(`${app.url}/login`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This account is disabled. Contact your administrator." })).toBeVisible();
  await sql`update users set disabled = false where id = ${users.bob}`;

  // A passkey the instance no longer knows (deleted here) gets a clear message.
  await sql`delete from webauthn_credentials where user_id = ${users.bob}`;
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This passkey is not registered here." })).toBeVisible();
  await expect(page).toHaveURL(`${app.url}/login`);
});

test("a link used while open in two tabs works once; an expired link is refused", async ({ page, browser }) => {
  const link = await loginLink("bob@example.com");
  const other = await browser.newPage();
  try {
    await other.goto(link);
    await signInWithLink(page, link, "Bob Builder");
    await other.getByRole("button", { name: "Continue" }).click();
    await expect(other.getByRole("alert").filter({ hasText: INVALID_LINK })).toBeVisible();
    await expect(other).toHaveURL(`${app.url}/lc`);
  } finally {
    await other.close();
  }

  const expired = await loginLink("bob");
  await sql`update one_time_access_tokens set expires_at = now() - interval '1 second'
            where token_hash = encode(sha256(convert_to(${expired.split("/lc/")[1]}, 'UTF8')), 'hex')`;
  await page.goto(expired);
  await expect(page.getByText(INVALID_LINK)).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);
  expect((await tokenRow(expired)).used_at).toBeNull();
});

test("the CLI refuses unknown and disabled users with exit code 1", async () => {
  const unknown = await app.cli(["one-time-access-token", "nobody@example.com"]);
  expect(unknown).toMatchObject({ code: 1, stdout: "" });
  expect(unknown.stderr).toContain('No user has the username or email "nobody@example.com".');
  const disabled = await app.cli(["one-time-access-token", "carol"]);
  expect(disabled).toMatchObject({ code: 1, stdout: "" });
  expect(disabled.stderr).toContain('User "carol" is disabled: enable the account before creating a login link.');
});

/** Server action id of createLoginLinkAction in this build, and the page that hosts it. */
function loginLinkAction(): { id: string; pagePath: string } {
  const manifestPath = path.resolve(import.meta.dirname, "..", process.env.E2E_DIST_DIR ?? ".next-prod", "server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  const entry = Object.entries(manifest.node).find(
    ([, action]) => action.filename === "app/settings/admin/users/[id]/actions.ts" && action.exportedName === "createLoginLinkAction",
  );
  if (!entry) throw new Error("createLoginLinkAction is not in this build: the user page must render <CreateLoginLink>");
  const worker = Object.keys(entry[1].workers)[0]; // e.g. app/settings/admin/users/[id]/page
  return { id: entry[0], pagePath: "/" + worker.replace(/^app\//, "").replace(/\/page$/, "").replace("[id]", users.bob) };
}

/** POSTs the server action the way the browser does, with the given session cookie (if any). */
async function callLoginLinkAction(cookie: string | undefined, input: unknown): Promise<string> {
  const action = loginLinkAction();
  const response = await fetch(`${app.url}${action.pagePath}`, {
    method: "POST",
    headers: {
      "Next-Action": action.id,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: app.url,
      ...(cookie ? { Cookie: `pocket_id_session=${cookie}` } : {}),
    },
    body: JSON.stringify([input]),
  });
  return response.text();
}

test("a non-admin gets 403 on admin pages, and the admin login-link action refuses them when called directly", async ({ page }) => {
  await signInWithLink(page, await loginLink("bob"), "Bob Builder");
  await expect(page.getByRole("link", { name: "Application Configuration" })).toHaveCount(0);
  for (const adminPage of ["/settings/admin/application-configuration", "/settings/admin/users", `/settings/admin/users/${users.alice}`]) {
    const response = await page.goto(`${app.url}${adminPage}`);
    expect(response?.status(), adminPage).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "403 – Access denied" })).toBeVisible();
  }

  const tokensBefore = (await sql`select count(*)::int as n from one_time_access_tokens`)[0].n;
  const bobCookie = (await page.context().cookies()).find((c) => c.name === "pocket_id_session")!.value;

  // Another site cannot sign Bob out with a cross-site form post.
  const crossSite = await fetch(`${app.url}/api/auth/sign-out`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: "https://evil.example", Cookie: `pocket_id_session=${bobCookie}` },
  });
  expect(crossSite.status).toBe(403);
  await page.goto(`${app.url}/settings/account`);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Bob Builder");
  const asBob = await callLoginLinkAction(bobCookie, { userId: users.alice, ttlMinutes: 60 });
  expect(asBob).toContain('"ok":false');
  expect(asBob).toContain('"status":403');
  const anonymous = await callLoginLinkAction(undefined, { userId: users.alice, ttlMinutes: 60 });
  expect(anonymous).toContain('"status":401');
  expect((await sql`select count(*)::int as n from one_time_access_tokens`)[0].n).toBe(tokensBefore);

  // The same request from an admin session succeeds, so the refusal above is the permission check.
  const adminPage = await page.context().browser()!.newPage();
  try {
    await signInWithLink(adminPage, await loginLink("alice"), "Alice Admin");
    const aliceCookie = (await adminPage.context().cookies()).find((c) => c.name === "pocket_id_session")!.value;
    const asAlice = await callLoginLinkAction(aliceCookie, { userId: users.bob, ttlMinutes: 15 });
    expect(asAlice).toContain('"ok":true');
    expect(asAlice).toMatch(new RegExp(`${app.url}/lc/[A-Za-z0-9_-]{43}`));
    expect((await sql`select count(*)::int as n from one_time_access_tokens`)[0].n).toBe(tokensBefore + 2);

    // And through the UI on the user's page: lifetime, "Create login link", the link with a copy button.
    await adminPage.goto(`${app.url}${loginLinkAction().pagePath}`);
    await adminPage.getByLabel("Link valid for").selectOption({ label: "1 day" });
    await adminPage.getByRole("button", { name: "Create login link" }).click();
    const shown = await adminPage.getByLabel("Login link").inputValue();
    expect(shown).toMatch(new RegExp(`^${app.url}/lc/[A-Za-z0-9_-]{43}$`));
    await expect(adminPage.getByRole("button", { name: "Copy link" })).toBeVisible();
    const [created] = await sql<{ minutes: number }[]>`
      select round(extract(epoch from expires_at - created_at) / 60)::int as minutes from one_time_access_tokens
      where token_hash = encode(sha256(convert_to(${shown.split("/lc/")[1]}, 'UTF8')), 'hex')`;
    expect(created.minutes).toBe(1440);
  } finally {
    await adminPage.close();
  }
});
