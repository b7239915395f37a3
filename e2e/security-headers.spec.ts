// Security headers on every page and API answer (proxy.ts), the nonce CSP holding in Chromium while
// the pages still work, cross-site requests refused (server actions, sign-out, the jobs API), and
// the sign-in and login-link rate limits under a burst.
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { userGroups, users } from "../lib/db/schema";
import { generateToken, hashToken } from "../lib/auth/tokens";
import { oneTimeAccessTokens } from "../lib/db/schema";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { callServerAction, serverActionId } from "./fixtures/server-action";

let env: AppWithDatabase;
let admin: Awaited<ReturnType<AppWithDatabase["signedIn"]>>;
let localUserId: string;
let groupId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // The rate-limit test plays an appending reverse proxy in X-Forwarded-For (e2e/security-client-address.spec.ts has none).
  env = await startAppWithDatabase({ env: { TRUST_PROXY: "true" } });
  admin = await env.signedIn({ username: "admin", isAdmin: true });
  [{ id: localUserId }] = await env.db.insert(users).values({ username: "carol", firstName: "Carol", displayName: "Carol" }).returning({ id: users.id });
  [{ id: groupId }] = await env.db.insert(userGroups).values({ name: "staff", friendlyName: "Staff" }).returning({ id: userGroups.id });
});
test.afterAll(() => env?.stop());

const url = (path: string) => `${env.app.url}${path}`;
const PAGES = () => [
  "/",
  "/login",
  "/setup",
  "/lc",
  "/settings/account",
  "/settings/admin/users",
  `/settings/admin/users/${localUserId}`,
  "/settings/admin/user-groups",
  `/settings/admin/user-groups/${groupId}`,
  "/settings/admin/application-configuration",
  "/no-such-page",
];
const OTHER_RESPONSES = () => ["/api/health", "/api/jobs/sync-ldap", `/lc/${generateToken()}`, "/lc/not*a(token"];

/** The nonce of a response's CSP, after checking the whole policy and the other headers. */
function checkHeaders(response: Response, path: string): string {
  const csp = response.headers.get("content-security-policy") ?? "";
  const script = /(?:^|; )script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(script)?.[1];
  expect(script, path).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(csp, path).not.toMatch(/unsafe-eval/);
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toContain("object-src 'none'");
  expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
  expect(response.headers.get("x-frame-options"), path).toBe("DENY");
  expect(response.headers.get("x-powered-by"), path).toBeNull();
  return nonce!;
}

test("every page, redirect and API answer carries the headers; every script in the HTML carries this response's nonce", async () => {
  const nonces = new Set<string>();
  for (const path of [...PAGES(), ...OTHER_RESPONSES()]) {
    for (const cookie of [admin.cookie, undefined]) {
      const response = await fetch(url(path), { redirect: "manual", headers: cookie ? { cookie } : {} });
      const nonce = checkHeaders(response, `${path} (${cookie ? "admin" : "anonymous"}, HTTP ${response.status})`);
      nonces.add(nonce);
      if (!response.headers.get("content-type")?.startsWith("text/html")) continue;
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
  }
  // A fresh nonce for every response.
  expect(nonces.size).toBe((PAGES().length + OTHER_RESPONSES().length) * 2);
});

/** Records CSP violations (the event, and Chromium's console report) from the first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

test("in Chromium the pages run under the policy without a single violation, and stay interactive", async ({ page, context }) => {
  const violations = await watchCsp(page);
  for (const path of ["/login", "/lc", "/no-such-page"]) {
    await page.goto(url(path));
    await expect(page.locator("h1").first()).toBeVisible();
  }
  await context.addCookies([{ name: admin.cookie.split("=")[0], value: admin.token, url: env.app.url }]);
  for (const path of PAGES().filter((p) => p.startsWith("/settings"))) {
    await page.goto(url(path));
    await expect(page.locator("h1").first()).toBeVisible();
  }
  // Client components hydrated (their scripts ran): a dialog opens, a search navigates.
  await page.goto(url("/settings/admin/users"));
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.goto(url("/settings/admin/application-configuration"));
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeEnabled();
  expect(violations).toEqual([]);

  // Markup injected into the page (the XSS case) cannot run script: its inline handler is blocked.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.__injected = true" onload="window.__injected = true">');
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test("cross-site requests are refused before anything runs: server actions, sign-out, the jobs API", async ({ request }) => {
  const before = await env.dump();
  const createUser = serverActionId("createUserAction", "app/settings/admin/users/actions.ts");
  const input = [{ username: "csrf-victim", email: "", firstName: "Csrf", lastName: "", displayName: "", isAdmin: true }];
  const post = (path: string, headers: Record<string, string>, body?: string) =>
    fetch(url(path), { method: "POST", redirect: "manual", headers: { cookie: admin.cookie, ...headers }, body });
  const action = (headers: Record<string, string>) =>
    post("/settings/admin/users", { "Next-Action": createUser, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", ...headers }, JSON.stringify(input));

  const attempts: [string, Response][] = [
    ["action, foreign Origin", await action({ Origin: "https://evil.example" })],
    ["action, cross-site fetch metadata", await action({ Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" })],
    ["action, sibling site on the same host", await action({ Origin: "http://localhost:1", "Sec-Fetch-Site": "same-site" })],
    ["action, opaque origin", await action({ Origin: "null" })],
    ["sign-out, foreign Origin", await post("/api/auth/sign-out", { Origin: "https://evil.example" })],
    ["sync now, foreign Origin", await post("/api/jobs/sync-ldap", { Origin: "https://evil.example" })],
  ];
  for (const [what, response] of attempts) {
    expect(response.status, what).toBe(403);
    expect(await response.json(), what).toEqual({ error: "Cross-site request refused: use this site's own pages." });
  }
  expect(await env.dump()).toEqual(before);
  // The admin's session survived the forged sign-out.
  expect((await fetch(url("/settings/account"), { headers: { cookie: admin.cookie }, redirect: "manual" })).status).toBe(200);

  // The same action from the app's own origin works: the refusal above was the origin check.
  const sameOrigin = await callServerAction(request, {
    url: url("/settings/admin/users"), origin: env.app.url, actionId: createUser, args: input, cookie: admin.cookie,
  });
  expect(sameOrigin).toMatchObject({ ok: true });
});

test("the sign-in and login-link limits hold under a burst of 40 parallel attempts from one client, whatever it forges in X-Forwarded-For", async () => {
  const finishSignIn = serverActionId("finishSignInAction", "app/login/actions.ts");
  const consumeLink = serverActionId("consumeLoginLinkAction", "app/lc/actions.ts");
  const clientIp = `203.0.113.${crypto.randomInt(1, 250)}`;
  const call = async (path: string, actionId: string, args: unknown[], cookie?: string) => {
    const response = await fetch(url(path), {
      method: "POST",
      headers: {
        "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: env.app.url,
        // Each attempt forges a different address in front of the one its (appending) proxy adds.
        "X-Forwarded-For": `198.18.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}, ${clientIp}`,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(args),
    });
    return /"status":(\d{3})/.exec(await response.text())?.[1] ?? `HTTP ${response.status}`;
  };
  const tally = (statuses: string[]) => statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

  const assertion = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };
  const signIns = tally(await Promise.all(Array.from({ length: 40 }, () => call("/login", finishSignIn, [{ response: assertion }]))));
  expect(signIns).toEqual({ 401: 10, 429: 30 });

  const linkCookie = `pocket_id_login_link=${generateToken()}`;
  const links = tally(await Promise.all(Array.from({ length: 40 }, () => call("/lc", consumeLink, [], linkCookie))));
  expect(links).toEqual({ 401: 10, 429: 30 });

  // Within the window even a valid link is refused from that client, while another client's works.
  const token = generateToken();
  await env.db.insert(oneTimeAccessTokens).values({ userId: localUserId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
  expect(await call("/lc", consumeLink, [], `pocket_id_login_link=${token}`)).toBe("429");
  const page = await fetch(url("/lc"), { headers: { cookie: `pocket_id_login_link=${token}`, "X-Forwarded-For": clientIp } });
  expect(await page.text()).toContain("Too many attempts. Wait a minute and try again.");
  const otherClient = await fetch(url("/lc"), { method: "POST", redirect: "manual", headers: { "Next-Action": consumeLink, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: env.app.url, "X-Forwarded-For": "198.51.100.9", cookie: `pocket_id_login_link=${token}` }, body: "[]" });
  expect(otherClient.headers.get("x-action-redirect")).toMatch(/^\/settings\/account/);
});
