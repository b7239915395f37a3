// GET /metrics against started servers: closed (404) without METRICS_TOKEN, 401 without the token,
// and with it the users by source, a login-link sign-in and request durations by route pattern.
// The PostgreSQL app also carries a mistyped variable, reported by the server and the CLI.
import crypto from "node:crypto";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { startApp, type StartedApp } from "./fixtures/app";

const METRICS_TOKEN = crypto.randomBytes(24).toString("base64url");

let closed: StartedApp;
let app: StartedApp;
let sql: postgres.Sql;

test.beforeAll(async () => {
  test.setTimeout(240_000); // two servers start side by side
  [closed, app] = await Promise.all([
    startApp(),
    startApp({ postgres: true, env: { METRICS_TOKEN, LDAP_BIND_PASWORD: "typo" } }),
  ]);
  sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql?.end();
  await Promise.all([closed?.stop(), app?.stop()]);
});

const scrape = (target: StartedApp, authorization?: string) =>
  fetch(`${target.url}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });

/** The value of one series, e.g. `pocket_id_users{source="ldap",disabled="true"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("without METRICS_TOKEN /metrics does not exist", async () => {
  const response = await scrape(closed, `Bearer ${METRICS_TOKEN}`);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ code: "not_found" });
});

test("only the bearer token opens /metrics, and the token is never logged", async () => {
  for (const authorization of [undefined, "Bearer not-the-metrics-token-at-all", `Basic ${METRICS_TOKEN}`]) {
    const response = await scrape(app, authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ code: "unauthenticated" });
  }
  const response = await scrape(app, `Bearer ${METRICS_TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(app.logs.join("\n")).not.toContain(METRICS_TOKEN);
});

test("a scrape shows users by source, sign-ins and request durations by route pattern", async ({ page }) => {
  await sql`
    insert into users (username, first_name, last_name, display_name, ldap_id, disabled) values
      ('metrics-local', 'Local', 'User', 'Local User', null, false),
      ('metrics-gone', 'Gone', 'User', 'Gone User', 'ldap-gone', true)`;
  const link = await app.cli(["one-time-access-token", "metrics-local"]);
  expect(link.code).toBe(0);
  await page.goto(link.stdout.trim());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${app.url}/settings/account`);
  await page.goto(`${app.url}/settings/admin/users/${crypto.randomUUID()}`);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  expect((await fetch(`${app.url}/.well-known/openid-configuration`)).status).toBe(200);
  expect((await fetch(`${app.url}/api/oidc/userinfo`)).status).toBe(401);

  const body = await (await scrape(app, `Bearer ${METRICS_TOKEN}`)).text();
  expect(sample(body, 'pocket_id_users{source="local",disabled="false"}')).toBe(1);
  expect(sample(body, 'pocket_id_users{source="ldap",disabled="true"}')).toBe(1);
  expect(sample(body, 'pocket_id_sign_ins_total{method="login_link",outcome="success"}')).toBe(1);
  expect(sample(body, "pocket_id_database_up")).toBe(1);
  const routes = new Set([...body.matchAll(/^pocket_id_http_request_duration_seconds_count\{[^}]*route="([^"]+)"/gm)].map((match) => match[1]));
  const expected = ["/api/health", "/lc/[token]", "/lc", "/settings/account", "/settings/admin/users/[id]", "/.well-known/openid-configuration", "/api/oidc/userinfo", "/_next/static/*"];
  for (const route of expected) {
    expect([...routes], route).toContain(route);
  }
  // Only patterns: no user id or token made it into a label.
  expect([...routes].filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}|[A-Za-z0-9_-]{43}/.test(route))).toEqual([]);
});

test("a mistyped variable is reported with the name it probably meant, by the server and by the CLI", async () => {
  await app.waitForLog(/level=WARN msg="Unknown environment variable" name=LDAP_BIND_PASWORD did_you_mean=LDAP_BIND_PASSWORD/);
  const result = await app.cli(["migrate"]);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain("Warning: unknown environment variable LDAP_BIND_PASWORD; did you mean LDAP_BIND_PASSWORD?");
});
