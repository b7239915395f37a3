// The running app on a bad day: PostgreSQL connections killed over and over and the database
// refusing connections for a while (the machine's PostgreSQL server itself is never stopped), two
// app processes sharing one database racing to sync, and one login link spent twice at once.
import crypto from "node:crypto";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { generateToken, hashToken } from "../lib/auth/tokens";
import { jobRuns, oneTimeAccessTokens, sessions, users } from "../lib/db/schema";
import { fixtureLdif } from "../lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "../lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "../lib/ldap/testing/sync-helpers";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { startApp, type StartedApp } from "./fixtures/app";
import { serverActionId } from "./fixtures/server-action";

const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

test.describe("PostgreSQL trouble", () => {
  let env: AppWithDatabase;
  let admin: Awaited<ReturnType<AppWithDatabase["signedIn"]>>;
  let server: postgres.Sql;
  let database: string;

  test.beforeAll(async () => {
    env = await startAppWithDatabase();
    admin = await env.signedIn({ username: "admin", isAdmin: true });
    server = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    database = new URL(env.app.databaseUrl!).pathname.slice(1);
  });
  // The server's side of a failure: what it logged while the test ran.
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("app log", { body: env.app.logs.join("\n"), contentType: "text/plain" });
  });
  test.afterAll(async () => {
    await server?.unsafe(`alter database ${database} allow_connections true`).catch(() => {});
    await server?.end();
    await env?.stop();
  });

  const terminateAll = () =>
    server`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  const health = async () => (await fetch(`${env.app.url}/api/health`)).status;
  const usersPage = async () =>
    (await fetch(`${env.app.url}/settings/admin/users`, { headers: { cookie: admin.cookie }, redirect: "manual", signal: AbortSignal.timeout(15_000) })).status;

  /**
   * Back to normal: the users page renders again and then keeps rendering. (postgres.js 3.4 could
   * fail the first query on a connection that was killed while it was being opened — upstream
   * issue porsager/postgres#1223 — so a few requests right after an outage may still fail.)
   */
  async function recovered() {
    await expect.poll(health).toBe(200);
    await expect.poll(usersPage).toBe(200);
    const next: number[] = [];
    for (let i = 0; i < 20; i++) next.push(await usersPage(), await health());
    expect(next.every((status) => status === 200)).toBe(true);
  }

  test("connections killed again and again: every request is answered (200 or 503, never a hang), then all is well", async () => {
    expect(await health()).toBe(200);
    expect(await usersPage()).toBe(200);
    const statuses: number[] = [];
    let killing = true;
    const killer = (async () => {
      let rounds = 0;
      while (killing || rounds < 20) {
        await terminateAll();
        rounds++;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return rounds;
    })();
    for (let i = 0; i < 40; i++) statuses.push(await health(), await usersPage());
    killing = false;
    expect(await killer).toBeGreaterThanOrEqual(20);
    // Pages either render or fail cleanly; health says which.
    expect(statuses.filter((status) => ![200, 500, 503].includes(status))).toEqual([]);
    await recovered();
  });

  test("the database refuses connections for a while (a restart): health answers 503 during, no request is lost, all is well after", async () => {
    await server.unsafe(`alter database ${database} allow_connections false`);
    let waiting: Promise<number>[] = [];
    try {
      // Until none is left: a connection that was being opened during the ALTER may still get in.
      await expect.poll(async () => (await terminateAll())[0].n).toBe(0);
      // Health always answers, within its 3 s bound, however the driver is doing.
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${env.app.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({ status: "error", error: "database unavailable" });
      }
      // Pages fail with an error page, or wait for the database (see recovered()).
      waiting = Array.from({ length: 5 }, () =>
        fetch(`${env.app.url}/settings/admin/users`, { headers: { cookie: admin.cookie }, redirect: "manual", signal: AbortSignal.timeout(60_000) }).then((r) => r.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // let them reach the database while it refuses
    } finally {
      await server.unsafe(`alter database ${database} allow_connections true`);
    }
    // No request is lost: every one issued during the outage is answered once the database is back.
    for (const status of await Promise.all(waiting)) expect([200, 500]).toContain(status);
    await recovered();
    const html = await (await fetch(`${env.app.url}/settings/admin/users`, { headers: { cookie: admin.cookie } })).text();
    expect(html).toContain("admin");
    expect(env.app.logs.join("\n")).toMatch(/msg="Health check failed"/);
  });
});

test.describe("two app processes on one database", () => {
  const CRON_SECRET = crypto.randomBytes(24).toString("base64url");
  let slapd: SlapdServer;
  let first: AppWithDatabase;
  let second: StartedApp;

  test.beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.add(fixtureLdif());
    const ldapEnv = { ...fixtureSyncEnv(slapd), CRON_SECRET, LDAP_SYNC_INTERVAL: "24h" };
    first = await startAppWithDatabase({ env: ldapEnv });
    second = await startApp({ env: { ...ldapEnv, DATABASE_URL: first.app.databaseUrl! } });
    // Both startup runs are decided (one syncs, the other sees it and skips) before the race starts.
    await first.app.waitForLog(/msg="Job run successfully" name=SyncLdap|msg="Scheduler tick" name=SyncLdap/);
    await second.waitForLog(/msg="Job run successfully" name=SyncLdap|msg="Scheduler tick" name=SyncLdap/);
  });
  test.afterAll(async () => {
    slapd?.thaw();
    await second?.stop();
    await first?.stop();
    await slapd?.stop();
  });

  test("Sync now on both processes at the same moment starts exactly one run", async () => {
    const apiRuns = async () => (await first.db.select().from(jobRuns).where(eq(jobRuns.trigger, "api"))).length;
    expect(await apiRuns()).toBe(0);
    // A frozen directory holds the winning run open, so every other trigger really meets it.
    await slapd.freeze();
    let responses: Response[];
    try {
      responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(`${(i % 2 ? second.url : first.app.url)}/api/jobs/sync-ldap`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } }),
        ),
      );
    } finally {
      slapd.thaw();
    }
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, ...((await r.json()) as { runId: string }) })));
    const started = bodies.filter((b) => b.status === 202);
    expect(started).toHaveLength(1);
    expect(bodies.filter((b) => b.status === 409).map((b) => b.runId)).toEqual(Array(9).fill(started[0].runId));
    await expect.poll(async () => (await first.db.select().from(jobRuns).where(eq(jobRuns.id, started[0].runId)))[0].status).toBe("succeeded");
    expect(await apiRuns()).toBe(1);
  });

  test("one login link spent by ten requests at once, across both processes: exactly one session", async () => {
    const [alice] = await first.db.select({ id: users.id }).from(users).where(eq(users.username, "alice"));
    const token = generateToken();
    await first.db.insert(oneTimeAccessTokens).values({ userId: alice.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
    const consume = serverActionId("consumeLoginLinkAction", "app/lc/actions.ts");
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const base = i % 2 ? second.url : first.app.url;
        return fetch(`${base}/lc`, {
          method: "POST",
          redirect: "manual",
          headers: {
            "Next-Action": consume,
            "Content-Type": "text/plain;charset=UTF-8",
            Accept: "text/x-component",
            Origin: base,
            cookie: `pocket_id_login_link=${token}`,
            "X-Forwarded-For": `192.0.2.${i + 1}`,
          },
          body: "[]",
        });
      }),
    );
    const signedIn = responses.filter((r) => r.headers.get("x-action-redirect")?.startsWith("/settings/account"));
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0].headers.get("set-cookie")).toMatch(/pocket_id_session=[A-Za-z0-9_-]{43};/);
    const refused = await Promise.all(responses.filter((r) => !signedIn.includes(r)).map((r) => r.text()));
    for (const body of refused) expect(body).toContain("This login link is invalid, has expired or was already used.");
    expect(await first.db.select().from(sessions).where(eq(sessions.userId, alice.id))).toHaveLength(1);
  });
});
