// OpenID Connect end to end, with panva's openid-client as the relying party: an LDAP user enrols a
// passkey through a login link and signs in to an application with code + PKCE in Chromium. Two app
// processes share one PostgreSQL database; a tiny HTTP server stands in for the application.
import crypto from "node:crypto";
import postgres from "postgres";
import * as oidc from "openid-client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type StartedApp } from "./fixtures/app";
import { authorizationRequest, discover, signInThroughPages as signInThroughPagesOf, startRelyingParty, type RelyingPartyServer } from "./fixtures/oidc";
import { toasts } from "./fixtures/toasts";
import { addVirtualAuthenticator } from "./fixtures/webauthn";
import { fixtureLdif, fixtureUserDn } from "../lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "../lib/ldap/testing/sync-helpers";
import { HOSTILE_UNICODE, INJECTION } from "../lib/security/testing/fuzz";
import { isMalformedPath } from "../lib/security/request-limits";

let slapd: SlapdServer;
let app: StartedApp;
let replica: StartedApp;
let rp: RelyingPartyServer;
let sql: postgres.Sql;
let page: Page;

const clients: Record<"main" | "restricted" | "spa", { clientId: string; clientSecret: string | null }> = {} as never;

async function createClient(args: string[]) {
  const result = await app.cli(["oidc-clients", "create", ...args, "--json"]);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  const lines = result.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as { clientId: string; clientSecret: string | null };
}

const configFor = (clientId: string, secret: string | null) => discover(app.url, clientId, secret);
const authorization = (config: oidc.Configuration, extra: Record<string, string> = {}) => authorizationRequest(config, `${rp.origin}/callback`, extra);
const signInThroughPages = (url: URL) => signInThroughPagesOf(page, url, rp);

async function syncedUserId(username: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const [row] = await sql<{ id: string }[]>`select id from users where username = ${username}`;
    if (row) return row.id;
    if (attempt > 300) throw new Error(`${username} was never synced`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function enrolPasskey(username: string) {
  const link = await app.cli(["one-time-access-token", username]);
  expect(link, link.stderr).toMatchObject({ code: 0 });
  await page.goto(link.stdout.trim());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByRole("cell", { name: "Passkey", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${app.url}/login`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  slapd = await startSlapd();
  await slapd.add(fixtureLdif());
  rp = await startRelyingParty();
  const env = { ...fixtureSyncEnv(slapd), LDAP_ENABLED: "true", ENCRYPTION_KEY: crypto.randomBytes(24).toString("base64url") };
  app = await startApp({ postgres: true, env });
  sql = postgres(app.databaseUrl!, { max: 2, onnotice: () => {} });
  await syncedUserId("bob");
  // A second process on the same database, serving the same issuer (replicas behind one name).
  replica = await startApp({ env: { ...env, DATABASE_URL: app.databaseUrl!, APP_URL: app.url } });

  clients.main = await createClient(["--name", "Wiki", "--callback-url", `${rp.origin}/callback`, "--logout-callback-url", `${rp.origin}/signed-out`]);
  clients.restricted = await createClient(["--name", "Admin Console", "--callback-url", `${rp.origin}/callback`, "--allowed-group", "admins"]);
  clients.spa = await createClient(["--name", "Browser App", "--callback-url", `${rp.origin}/callback`, "--public"]);

  page = await browser.newPage();
  await addVirtualAuthenticator(page);
  await enrolPasskey("bob");
});

test.afterAll(async () => {
  await page?.close();
  await sql?.end();
  await replica?.stop();
  await app?.stop();
  await rp?.close();
  await slapd?.stop();
});

let sub: string;

test("discovery on Pocket ID's paths; an LDAP user signs in with a passkey, code + PKCE; ID token, userinfo, refresh", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  expect(config.serverMetadata()).toMatchObject({
    issuer: app.url,
    authorization_endpoint: `${app.url}/authorize`,
    token_endpoint: `${app.url}/api/oidc/token`,
    userinfo_endpoint: `${app.url}/api/oidc/userinfo`,
    end_session_endpoint: `${app.url}/api/oidc/end-session`,
    jwks_uri: `${app.url}/.well-known/jwks.json`,
    revocation_endpoint: `${app.url}/api/oidc/revoke`,
    introspection_endpoint: `${app.url}/api/oidc/introspect`,
    code_challenge_methods_supported: ["S256"],
  });

  // offline_access (a refresh token) is honoured with prompt=consent (OpenID Connect Core §11).
  const { url, checks } = await authorization(config, { prompt: "consent" });
  await page.goto(url.toString());
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Wiki" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wiki wants to access your account" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Requested access" })).toContainText("The groups you belong to");
  await expect(page.getByRole("list", { name: "Requested access" })).toContainText("Stay signed in while you are away");
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL((current) => current.origin === rp.origin);

  // openid-client checks state, PKCE, iss, aud, nonce and the signature (keys from the JWKS).
  const granted = await oidc.authorizationCodeGrant(config, new URL(page.url()), checks);
  const claims = granted.claims()!;
  const bobId = await syncedUserId("bob");
  expect(claims).toMatchObject({ iss: app.url, aud: clients.main.clientId, sub: bobId, preferred_username: "bob", email: "bob@example.org", groups: ["developers"] });
  const userinfo = await oidc.fetchUserInfo(config, granted.access_token, bobId);
  expect(userinfo).toMatchObject({ sub: bobId, preferred_username: "bob", name: "Bob Brown", given_name: "Bob", family_name: "Brown", email: "bob@example.org", email_verified: true, groups: ["developers"] });

  // Refresh tokens rotate: the new one works.
  const refreshed = await oidc.refreshTokenGrant(config, granted.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(granted.refresh_token);
  expect((await oidc.fetchUserInfo(config, refreshed.access_token, bobId)).preferred_username).toBe("bob");
  sub = bobId;
  expect(await oidc.tokenIntrospection(config, refreshed.access_token)).toMatchObject({ active: true, sub: bobId, client_id: clients.main.clientId });

  // Browser apps may call the token endpoint from the origin of a registered callback URL only.
  const refreshFrom = (origin: string) =>
    fetch(`${app.url}/api/oidc/token`, {
      method: "POST",
      headers: { Origin: origin, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "not-a-token", client_id: clients.main.clientId, client_secret: clients.main.clientSecret! }),
    });
  const fromApp = await refreshFrom(rp.origin);
  expect(fromApp.headers.get("access-control-allow-origin")).toBe(rp.origin);
  expect(await fromApp.json()).toMatchObject({ error: "invalid_grant" });
  const fromElsewhere = await refreshFrom("https://attacker.example");
  expect(fromElsewhere.headers.get("access-control-allow-origin")).toBeNull();
  expect(await fromElsewhere.json()).toMatchObject({ error: "invalid_request" });

  // Consent is remembered: the next sign-in goes straight back to the application.
  const again = await authorization(config);
  await page.goto(again.url.toString());
  await page.waitForURL((current) => current.origin === rp.origin);
  expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();

  // A spent refresh token presented again is a replay: refused, and the grant it belongs to ends.
  await expect(oidc.refreshTokenGrant(config, granted.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });

  // No token, code or client secret in the database or the log.
  const dump = JSON.stringify(await sql`select * from oidc_payloads`) + JSON.stringify(await sql`select * from oidc_clients`);
  const logs = app.logs.join("\n") + replica.logs.join("\n");
  for (const secret of [granted.access_token, granted.refresh_token!, refreshed.refresh_token!, clients.main.clientSecret!, new URL(page.url()).searchParams.get("code")!]) {
    expect(dump).not.toContain(secret);
    expect(logs).not.toContain(secret);
  }
});

test("a group-restricted client never gives a user outside its groups a code", async () => {
  const config = await configFor(clients.restricted.clientId, clients.restricted.clientSecret);
  const before = rp.hits.length;
  const { url } = await authorization(config);
  await page.goto(url.toString());
  await expect(page.getByRole("heading", { level: 1, name: "You are not allowed to use Admin Console" })).toBeVisible();
  expect(rp.hits.slice(before)).toEqual([]);

  const silent = await authorization(config, { prompt: "none" });
  await page.goto(silent.url.toString());
  await page.waitForURL((current) => current.origin === rp.origin);
  const answer = new URL(page.url()).searchParams;
  expect(answer.get("error")).toBe("access_denied");
  expect(answer.get("code")).toBeNull();
});

test("a sign-in started on one app process finishes on another (one database)", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  const { url, checks } = await authorization(config, { prompt: "consent" });
  await page.goto(url.toString());
  await expect(page.getByRole("heading", { level: 1, name: "Wiki wants to access your account" })).toBeVisible();
  const interaction = new URL(page.url());
  // The same sign-in request, answered by the other process (cookies are per host, not per port).
  await page.goto(`${replica.url}${interaction.pathname}`);
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL((current) => current.origin === rp.origin);
  const code = new URL(page.url()).searchParams.get("code")!;

  const redeemed = await fetch(`${replica.url}/api/oidc/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${clients.main.clientId}:${clients.main.clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: `${rp.origin}/callback`, code_verifier: checks.pkceCodeVerifier }),
  });
  expect(redeemed.status).toBe(200);
  const { access_token: accessToken } = (await redeemed.json()) as { access_token: string };
  const userinfo = await fetch(`${app.url}/api/oidc/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } });
  expect(await userinfo.json()).toMatchObject({ preferred_username: "bob" });

  // Revoked on the first process, the token stops working on both.
  await oidc.tokenRevocation(config, accessToken);
  for (const server of [app, replica]) {
    const revoked = await fetch(`${server.url}/api/oidc/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(revoked.status).toBe(401);
  }
});

test("a wrong redirect URI shows an error page and never redirects; a public client without PKCE gets no code", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  const { url } = await authorization(config, { redirect_uri: "https://attacker.example/callback" });
  const before = rp.hits.length;
  const response = await page.goto(url.toString());
  expect(response?.status()).toBe(400);
  expect(new URL(page.url()).origin).toBe(app.url);
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in request refused" })).toBeVisible();
  await expect(page.getByText("redirect_uri did not match any of the client's registered redirect_uris")).toBeVisible();

  const unknown = await page.goto(`${app.url}/authorize?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${rp.origin}/callback`)}`);
  expect(unknown?.status()).toBe(400);
  expect(rp.hits.length).toBe(before);

  const spa = await configFor(clients.spa.clientId, null);
  const withoutPkce = oidc.buildAuthorizationUrl(spa, { redirect_uri: `${rp.origin}/callback`, scope: "openid", state: "s1" });
  await page.goto(withoutPkce.toString());
  await page.waitForURL((current) => current.origin === rp.origin);
  const refused = new URL(page.url()).searchParams;
  expect(refused.get("error")).toBe("invalid_request");
  expect(refused.get("code")).toBeNull();
  // With PKCE the same public client signs in (no secret).
  const withPkce = await authorization(spa);
  const callback = await signInThroughPages(withPkce.url);
  const granted = await oidc.authorizationCodeGrant(spa, callback, withPkce.checks);
  expect(granted.claims()).toMatchObject({ preferred_username: "bob" });
});

test("prompt=login asks for the passkey again; a key rotation reaches the running servers", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  const { url, checks } = await authorization(config, { prompt: "login" });
  await page.goto(url.toString());
  // Signed in already, yet asked again: the application demanded a fresh sign-in.
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await page.waitForURL((current) => current.origin === rp.origin);
  const fresh = await oidc.authorizationCodeGrant(config, new URL(page.url()), checks);
  expect(fresh.claims()!.auth_time).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 60);

  const rotated = await app.cli(["oidc-keys", "rotate"]);
  expect(rotated, rotated.stderr).toMatchObject({ code: 0 });
  const kid = rotated.stdout.trim().replace("New signing key: ", "");
  const previousKid = JSON.parse(Buffer.from(fresh.id_token!.split(".")[0], "base64url").toString()).kid;
  for (const server of [app, replica]) {
    await expect
      .poll(async () => ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid), { timeout: 20_000 })
      .toEqual([kid, previousKid]);
  }
  const next = await authorization(config);
  const signed = await oidc.authorizationCodeGrant(config, await signInThroughPages(next.url), next.checks);
  expect(JSON.parse(Buffer.from(signed.id_token!.split(".")[0], "base64url").toString()).kid).toBe(kid);
});

test("signing out of this site ends single sign-on; RP-initiated logout signs out here too, returning only to a registered URI", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  await signInThroughPages((await authorization(config)).url);
  // Signed out of the app (its own Sign out button): the provider's session no longer counts.
  await page.goto(`${app.url}/settings/account`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${app.url}/login`);
  const silent = await authorization(config, { prompt: "none" });
  await page.goto(silent.url.toString());
  await page.waitForURL((current) => current.origin === rp.origin);
  expect(new URL(page.url()).searchParams.get("error")).toBe("login_required");

  const { url, checks } = await authorization(config);
  const granted = await oidc.authorizationCodeGrant(config, await signInThroughPages(url), checks);

  const unregistered = oidc.buildEndSessionUrl(config, { id_token_hint: granted.id_token!, post_logout_redirect_uri: "https://attacker.example/" });
  const refused = await page.goto(unregistered.toString());
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in request refused" })).toBeVisible();

  const logout = oidc.buildEndSessionUrl(config, { id_token_hint: granted.id_token!, post_logout_redirect_uri: `${rp.origin}/signed-out`, state: "bye" });
  await page.goto(logout.toString());
  await expect(page.getByRole("heading", { level: 1, name: "Sign out?" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${rp.origin}/signed-out?state=bye`);
  await page.goto(`${app.url}/settings/account`);
  await expect(page).toHaveURL(`${app.url}/login`);
});

test("My apps lists the applications a user allowed, and Revoke ends their access", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  const { url, checks } = await authorization(config, { prompt: "consent" });
  const granted = await oidc.authorizationCodeGrant(config, await signInThroughPages(url), checks);

  await page.goto(`${app.url}/settings/account`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "My apps" }).click();
  const wiki = page.getByRole("region", { name: "Wiki" });
  await expect(wiki).toContainText("The groups you belong to");
  await expect(page.getByRole("region", { name: "Admin Console" })).toHaveCount(0);
  await wiki.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
  // The open dialog hides the page from the accessibility tree: wait for the answer, not the region.
  await expect(toasts(page).getByText("Wiki can no longer access your account")).toBeVisible();
  await expect(wiki).toHaveCount(0);
  await expect(oidc.refreshTokenGrant(config, granted.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  expect((await fetch(`${app.url}/api/oidc/userinfo`, { headers: { Authorization: `Bearer ${granted.access_token}` } })).status).toBe(401);
});

test("hostile input to the OIDC endpoints and sign-in pages gets a clear 4xx, never a 500", async () => {
  const wrong: string[] = [];
  const check = async (what: string, path: string, init: RequestInit, allowed: (status: number) => boolean) => {
    const response = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
    if (!allowed(response.status)) wrong.push(`${what} ${path.slice(0, 80)} → ${response.status}`);
  };
  const is4xx = (status: number) => status >= 400 && status < 500;
  const encode = (value: string) => value.split(/([\uD800-\uDFFF])/).map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part))).join("");
  const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  for (const value of [...Object.values(HOSTILE_UNICODE), ...Object.values(INJECTION), "x".repeat(4000), "%FF%FE"]) {
    const q = value === "%FF%FE" ? value : encode(value);
    const badPath = isMalformedPath(q);
    await check("authorize", `/authorize?client_id=${q}&response_type=${q}&scope=${q}&redirect_uri=${q}`, {}, is4xx);
    await check("authorize (known client)", `/authorize?client_id=${clients.main.clientId}&response_type=code&scope=openid&redirect_uri=${q}`, {}, is4xx);
    await check("resume", `/authorize/${q}`, {}, is4xx);
    await check("sign-in page", `/interaction/${q}`, {}, (status) => status === (badPath ? 400 : 200));
    await check("sign-in answer", `/interaction/${q}/confirm`, { method: "POST" }, is4xx);
    await check("token", "/api/oidc/token", form({ grant_type: value, code: value, client_id: value, client_secret: value }), is4xx);
    await check("token (refresh)", "/api/oidc/token", form({ grant_type: "refresh_token", refresh_token: value, client_id: clients.main.clientId, client_secret: clients.main.clientSecret! }), is4xx);
    await check("userinfo", "/api/oidc/userinfo", { headers: { Authorization: `Bearer ${value.replace(/[^\x20-\x7e]/g, "?")}` } }, (status) => status === 400 || status === 401);
    await check("introspect", "/api/oidc/introspect", form({ token: value, client_id: value, client_secret: value }), is4xx);
    await check("end-session", `/api/oidc/end-session?id_token_hint=${q}&post_logout_redirect_uri=${q}`, {}, is4xx);
  }
  expect(wrong).toEqual([]);
});

test("a user disabled by an LDAP sync loses refresh and userinfo at that sync", async () => {
  const config = await configFor(clients.main.clientId, clients.main.clientSecret);
  const { url, checks } = await authorization(config, { prompt: "consent" });
  const granted = await oidc.authorizationCodeGrant(config, await signInThroughPages(url), checks);
  expect((await oidc.fetchUserInfo(config, granted.access_token, sub)).preferred_username).toBe("bob");

  await slapd.delete(fixtureUserDn("bob"));
  const sync = await app.cli(["sync-ldap"]);
  expect(sync, sync.stderr).toMatchObject({ code: 0 });
  const [bob] = await sql<{ disabled: boolean }[]>`select disabled from users where id = ${sub}`;
  expect(bob.disabled).toBe(true);

  await expect(oidc.refreshTokenGrant(config, granted.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  const userinfo = await fetch(`${app.url}/api/oidc/userinfo`, { headers: { Authorization: `Bearer ${granted.access_token}` } });
  expect(userinfo.status).toBe(401);
  const introspection = await oidc.tokenIntrospection(config, granted.access_token);
  expect(introspection.active).toBe(false);
});

test("administrators see the applications with the values an app needs, and delete one", async ({ browser }) => {
  // An LDAP administrator (member of the fixture's admins group) with a session for this test.
  const token = crypto.randomBytes(32).toString("base64url");
  await sql`insert into sessions (user_id, token_hash, expires_at)
            select id, encode(sha256(convert_to(${token}, 'UTF8')), 'hex'), now() + interval '1 hour' from users where username = 'alice'`;
  const context = await browser.newContext();
  await context.addCookies([{ name: "pocket_id_session", value: token, url: app.url }]);
  const admin = await context.newPage();
  try {
    await admin.goto(`${app.url}/settings/account`);
    await admin.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Applications" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
    await expect(admin.getByText(`${app.url}/.well-known/openid-configuration`)).toBeVisible();
    const rows = admin.getByRole("table").getByRole("row");
    await expect(rows.filter({ hasText: "Admin Console" })).toContainText("admins");
    await expect(rows.filter({ hasText: "Wiki" })).toContainText("Everyone");
    const spa = rows.filter({ hasText: "Browser App" });
    await expect(spa).toContainText(clients.spa.clientId);
    await expect(spa).toContainText("Public");
    expect(await admin.content()).not.toContain(clients.main.clientSecret);

    await spa.getByRole("button", { name: "Delete" }).click();
    await admin.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await expect(toasts(admin).getByText("Application deleted")).toBeVisible();
    await expect(rows.filter({ hasText: "Browser App" })).toHaveCount(0);
    const listed = await app.cli(["oidc-clients", "list", "--json"]);
    expect(JSON.parse(listed.stdout).map((client: { name: string }) => client.name).sort()).toEqual(["Admin Console", "Wiki"]);
  } finally {
    await context.close();
  }
});
