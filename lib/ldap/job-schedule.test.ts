import { afterEach, beforeEach, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { storeSettings } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { appConfig, jobRuns } from "@/lib/db/schema";
import { describeEachEngine, testContext } from "@/lib/db/testing";
import type { Settings } from "@/lib/config/settings";
import { createJobScheduler, startScheduler, stopScheduler, type TickResult } from "@/lib/jobs/scheduler";
import type { JobHandle, JobStats } from "@/lib/jobs/runner";
import type { AppContext } from "@/lib/context";
import { syncLdapJob } from "./job";

/** The SyncLdap schedule (LDAP_ENABLED, LDAP_SYNC_INTERVAL) with a stand-in body. */
const createLdapSyncScheduler = (ctx: AppContext, { body }: { body: (handle: JobHandle) => Promise<JobStats> }) =>
  createJobScheduler(ctx, { ...syncLdapJob, run: (_ctx, handle) => body(handle) });

const quickBody = async () => ({ usersCreated: 0 });

describeEachEngine("LDAP sync scheduler", (suite, engine) => {
  const context = (envSettings: Partial<Settings>) => testContext(suite().database, { envSettings });
  const enabledByEnv = () => context({ LDAP_ENABLED: true });
  const runs = () => suite().ctx.db.select().from(jobRuns).orderBy(jobRuns.startedAt);
  /** Moves every recorded run back in time, as if the scheduler had been idle that long. */
  const ageRuns = (minutes: number) =>
    suite().ctx.db.update(jobRuns).set({ startedAt: sql`started_at - make_interval(mins => ${minutes})`, finishedAt: sql`finished_at - make_interval(mins => ${minutes})` });
  const recordRun = (minutesAgo: number) =>
    suite().ctx.db.insert(jobRuns).values({
      job: "SyncLdap",
      trigger: "manual",
      status: "succeeded",
      startedAt: sql`now() - make_interval(mins => ${minutesAgo})`,
      finishedAt: sql`now() - make_interval(mins => ${minutesAgo})`,
    });

  beforeEach(async () => {
    await suite().ctx.db.delete(jobRuns);
    await suite().ctx.db.delete(appConfig);
  });
  afterEach(() => stopScheduler());

  it("does nothing while LDAP is disabled", async () => {
    const scheduler = createLdapSyncScheduler(context({}), { body: quickBody });
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "disabled" });
    expect(await runs()).toHaveLength(0);
  });

  it("runs at startup even after a recent run, then waits for the interval", async () => {
    await recordRun(5);
    const scheduler = createLdapSyncScheduler(enabledByEnv(), { body: quickBody });
    expect(await scheduler.tick()).toMatchObject({ action: "ran", trigger: "startup", status: "succeeded" });
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "not-due" });
    expect((await runs()).map((run) => run.trigger)).toEqual(["manual", "startup"]);
  });

  it("runs on schedule once the latest run (of any trigger) is older than LDAP_SYNC_INTERVAL", async () => {
    const scheduler = createLdapSyncScheduler(enabledByEnv(), { body: quickBody });
    await scheduler.tick();
    await ageRuns(59);
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "not-due" });
    await ageRuns(2);
    expect(await scheduler.tick()).toMatchObject({ action: "ran", trigger: "schedule" });
  });

  it("applies an interval changed in the UI without a restart", async () => {
    const ctx = enabledByEnv();
    const scheduler = createLdapSyncScheduler(ctx, { body: quickBody });
    await scheduler.tick();
    await ageRuns(45);
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "not-due" });
    await storeSettings(ctx, { LDAP_SYNC_INTERVAL: "30m" });
    expect(await scheduler.tick()).toMatchObject({ action: "ran", trigger: "schedule" });
  });

  it("starts when LDAP is enabled in the UI and stops when it is disabled", async () => {
    const ctx = context({});
    await recordRun(10);
    const scheduler = createLdapSyncScheduler(ctx, { body: quickBody });
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "disabled" });
    await storeSettings(ctx, { LDAP_ENABLED: true });
    // The first run after enabling does not wait for the interval left over from the old run.
    expect(await scheduler.tick()).toMatchObject({ action: "ran", trigger: "schedule" });
    await storeSettings(ctx, { LDAP_ENABLED: false });
    await ageRuns(24 * 60);
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "disabled" });
    expect(await runs()).toHaveLength(2);
  });

  it("skips the startup run when another replica synced after this process started", async () => {
    const scheduler = createLdapSyncScheduler(enabledByEnv(), { body: quickBody });
    await recordRun(0);
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "not-due" });
    expect(await runs()).toHaveLength(1);
  });

  it("starts exactly one run when two replicas tick at the same moment", async () => {
    const { database } = suite();
    // PostgreSQL: a second connection pool, as another replica has. PGlite is single-process by design.
    const other = engine === "postgres" ? await openDatabase({ databaseUrl: database.databaseUrl, maxConnections: 2 }) : database;
    try {
      let release!: () => void;
      const latch = new Promise<void>((resolve) => (release = resolve));
      const body = async () => {
        await latch;
        return { usersCreated: 0 };
      };
      const replicas = [
        createLdapSyncScheduler(enabledByEnv(), { body }),
        createLdapSyncScheduler(testContext(other, { envSettings: { LDAP_ENABLED: true } }), { body }),
      ];
      const ticks = replicas.map((replica) => replica.tick());
      // The winner holds its run open on the latch, so whichever settles first lost the race.
      const loser = await Promise.race(ticks);
      expect(loser).toEqual({ action: "skipped", reason: expect.stringMatching(/^(running|not-due)$/) });
      release();
      const results: TickResult[] = await Promise.all(ticks);
      expect(results.filter((result) => result.action === "ran")).toHaveLength(1);
      const rows = await runs();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "succeeded", trigger: "startup" });
    } finally {
      if (other !== database) await other.close();
    }
  });

  it("is started once however often server startup runs", async () => {
    const ctx = context({});
    const first = startScheduler(ctx, [syncLdapJob]);
    expect(startScheduler(ctx, [syncLdapJob])).toBe(first);
    stopScheduler();
    expect(startScheduler(ctx, [syncLdapJob])).not.toBe(first);
  });

  it("records a failed run when the job fails and keeps scheduling", async () => {
    const scheduler = createLdapSyncScheduler(enabledByEnv(), {
      body: async () => {
        throw new Error("directory unreachable");
      },
    });
    expect(await scheduler.tick()).toMatchObject({ action: "ran", status: "failed" });
    const [run] = await suite().ctx.db.select().from(jobRuns).where(eq(jobRuns.status, "failed"));
    expect(run.error).toBe("directory unreachable");
    expect(await scheduler.tick()).toEqual({ action: "skipped", reason: "not-due" });
  });
});
