// The production bundle as the container image runs it (Dockerfile): scripts/package.mjs writes it,
// `node server.js` serves it as an unprivileged user from a tree it cannot write, with DATA_DIR the
// only writable place; the CLI at its root prints a login link. Then a clean shutdown in the middle
// of an LDAP sync: SIGTERM stops it with nothing written, the run recorded as interrupted and its
// lease released, and the next start syncs normally.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { queryRows } from "@/lib/db/client";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "@/lib/ldap/testing/sync-helpers";
import { directoryLdif } from "./bench/directory";
import { node, packageBundle, runToEnd, startBundle, waitFor, withEmbeddedDatabase, type BundleServer } from "./package/testing";

const NOBODY = { uid: 65534, gid: 65534 };
/** Users in the directory of the shutdown test: 30,000 keeps it under a minute; SHUTDOWN_TEST_USERS=100000 is the by-hand run (docs/operations.md#shutdown). */
const SYNC_USERS = Number(process.env.SHUTDOWN_TEST_USERS ?? 30_000);

let work: string;
let app: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-package-"));
  fs.chmodSync(work, 0o755); // the unprivileged user must reach the bundle below it
  app = path.join(work, "app");
  await packageBundle(app);
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const countRows = async (db: Parameters<typeof queryRows>[0], table: string) =>
  Number((await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n);

describe("the production bundle", () => {
  it("runs as another user from a read-only tree: health answers and the CLI prints a login link", async () => {
    const dataDir = path.join(app, "data"); // DATA_DIR=/app/data in the image
    fs.mkdirSync(dataDir, { mode: 0o700 });
    await withEmbeddedDatabase(dataDir, async (database) => {
      await migrateDatabase(database);
      await database.db.execute(sql`insert into users (username, email) values ('alice', 'alice@example.com')`);
    });
    await runToEnd("chown", ["-R", `${NOBODY.uid}:${NOBODY.gid}`, dataDir]);
    // Everything but DATA_DIR is root's: the app's user cannot change it.
    await expect(runToEnd(node, ["-e", `require("fs").writeFileSync(${JSON.stringify(path.join(app, "probe"))}, "x")`], { ...NOBODY })).rejects.toThrow(/EACCES/);

    // The CLI is the bundle's package bin, an executable at its root.
    expect(JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8")).bin).toEqual({ "pocket-id": "pocket-id" });
    fs.accessSync(path.join(app, "pocket-id"), fs.constants.X_OK);

    const env = { DATA_DIR: dataDir, NODE_ENV: "production" as const };
    const server = await startBundle(app, env, NOBODY);
    try {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: "ok" });
      const login = await fetch(`${server.url}/login`);
      expect(login.status).toBe(200);
      // The CLI reaches the running server over its socket in DATA_DIR (the embedded database is the server's).
      const { stdout } = await runToEnd(path.join(app, "pocket-id"), ["one-time-access-token", "alice"], {
        env: { PATH: `${path.dirname(node)}:${process.env.PATH}`, HOME: "/nonexistent", ...env, APP_URL: server.url },
        ...NOBODY,
      });
      expect(stdout.trim()).toMatch(new RegExp(`^${server.url}/lc/[A-Za-z0-9_-]{43}$`));
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.logs.join("\n")).toMatch(/msg="Server stopped"/);
  }, 120_000);

  describe("shutdown in the middle of an LDAP sync", () => {
    let slapd: SlapdServer;
    const dataDir = () => path.join(work, "sync-data");

    beforeAll(async () => {
      const suffix = "dc=shutdown,dc=test";
      // Like Active Directory: plain searches capped, paged searches unlimited.
      slapd = await startSlapd({ suffix, sizeLimit: "size.soft=1000 size.hard=unlimited size.prtotal=unlimited" });
      await slapd.loadOffline({ ldif: [...directoryLdif(SYNC_USERS, suffix)].join("\n") });
    }, 120_000);
    afterAll(async () => slapd?.stop());

    const start = (grace: number) =>
      startBundle(app, {
        ...fixtureSyncEnv(slapd),
        LDAP_PAGE_SIZE: "100",
        DATA_DIR: dataDir(),
        CRON_SECRET: "shutdown-test-cron-secret",
        SHUTDOWN_GRACE_PERIOD: String(grace),
      });
    /** Starts a sync now rather than waiting for the scheduler's startup run (409: that one already runs). */
    const syncNow = async (server: BundleServer) => {
      const response = await fetch(`${server.url}/api/jobs/sync-ldap`, { method: "POST", headers: { authorization: "Bearer shutdown-test-cron-secret" } });
      expect([202, 409]).toContain(response.status);
    };
    const running = async (server: BundleServer) => {
      const response = await fetch(`${server.url}/api/jobs/sync-ldap`, { headers: { authorization: "Bearer shutdown-test-cron-secret" } });
      const { running } = (await response.json()) as { running: { id: string; progress: { usersFetched?: number } } | null };
      return running ?? undefined;
    };
    const syncRuns = (database: Parameters<Parameters<typeof withEmbeddedDatabase>[1]>[0]) =>
      queryRows<{ status: string; error: string | null; stats: { usersCreated?: number } }>(
        database.db,
        sql`select status, error, stats from job_runs where job = 'SyncLdap' order by started_at`,
      );

    it("stops the sync with nothing written, records it as interrupted and releases everything", async () => {
      const server = await start(0);
      // The directory is frozen first, so the sync is still reading (its bind waits for an answer)
      // when the signal lands, however fast it would otherwise read 30,000 users.
      await slapd.freeze();
      let run: Awaited<ReturnType<typeof running>>;
      try {
        await syncNow(server);
        run = await waitFor("the sync to start", 60_000, () => running(server)).catch(async (error) => {
          await server.stop("SIGKILL");
          throw new Error(`${error.message}\n${server.logs.join("\n")}`);
        });
        const stopped = server.stop("SIGTERM");
        await server.logged(/Received SIGTERM/);
        expect(await stopped).toBe(0);
      } finally {
        slapd.thaw();
      }
      // Logged once the embedded database closed; the data directory's lock is gone with it.
      expect(server.logs.join("\n")).toMatch(/msg="Server stopped" interrupted_runs=1/);
      expect(fs.existsSync(path.join(dataDir(), "pocket-id.lock"))).toBe(false);

      await withEmbeddedDatabase(dataDir(), async (database) => {
        expect(run?.progress.usersFetched ?? 0).toBeLessThan(SYNC_USERS);
        expect(await countRows(database.db, "users")).toBe(0);
        expect(await countRows(database.db, "user_groups")).toBe(0);
        const runs = await syncRuns(database);
        expect(runs.map(({ status, error }) => ({ status, error }))).toEqual([
          { status: "failed", error: "Interrupted: the server shut down before the run finished." },
        ]);
      });
    }, 180_000);

    it("starts again and syncs at once; a signal during that sync lets it finish within the grace period", async () => {
      const server = await start(120);
      await syncNow(server);
      await waitFor("the next sync to start", 60_000, () => running(server));
      expect(await server.stop("SIGTERM")).toBe(0);
      expect(server.logs.join("\n")).toMatch(/msg="Server stopped" interrupted_runs=0/);

      await withEmbeddedDatabase(dataDir(), async (database) => {
        const runs = await syncRuns(database);
        expect(runs.map(({ status }) => status)).toEqual(["failed", "succeeded"]);
        expect(runs[1].stats.usersCreated).toBe(SYNC_USERS);
        expect(await countRows(database.db, "users")).toBe(SYNC_USERS);
      });
    }, 180_000);
  });
});
