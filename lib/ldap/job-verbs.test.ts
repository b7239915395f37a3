// The sync verbs against a real slapd on both engines: one run across lock holders, live progress,
// the documented log lines, the removal guard and its override, and the run report.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { storeSettings } from "@/lib/config";
import { readSettingsEnv } from "@/lib/config/env";
import { openDatabase, type Database } from "@/lib/db/client";
import { appConfig, jobRuns, type JobRun } from "@/lib/db/schema";
import { describeEachEngine, testContext } from "@/lib/db/testing";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { formatLogLine, log, type LogLevel } from "@/lib/log";
import { withActor, type AppContext } from "@/lib/context";
import { fixtureLdif, fixtureUserDn, FIXTURE } from "@/lib/ldap/testing/fixtures";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { JobAlreadyRunningError } from "@/lib/jobs/runner";
import { createJobScheduler } from "@/lib/jobs/scheduler";
import { startLdapSync, syncLdapJob } from "./job";
import { getJobRun, getLdapSyncStatus } from "./sync-status";

const ADMIN = { userId: null, isAdmin: true, kind: "user" } as const;

/** Waits for a background run to finish (polls its row; no fixed sleeps). */
async function finished(ctx: AppContext, runId: string): Promise<JobRun> {
  for (;;) {
    const [row] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, runId));
    if (row && row.status !== "running") return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachEngine("LDAP sync jobs", (suite, engine) => {
  let slapd: SlapdServer;
  let lines: string[];
  beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.add(fixtureLdif());
  });
  afterAll(async () => slapd?.stop());
  beforeEach(async () => {
    lines = [];
    await suite().ctx.db.delete(jobRuns);
    await suite().ctx.db.delete(appConfig);
  });

  /** An administrator's context with LDAP configured from the environment, logging into `lines`. */
  function adminContext(database: Database = suite().database, env: Record<string, string> = {}): AppContext {
    const capture = (level: LogLevel) => (msg: string, fields?: Parameters<typeof log.info>[1]) => void lines.push(formatLogLine(level, msg, fields));
    const envSettings = readSettingsEnv({
      ...slapd.env(),
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "entryUUID",
      LDAP_ATTRIBUTE_USER_USERNAME: "uid",
      LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: "entryUUID",
      LDAP_ATTRIBUTE_GROUP_NAME: "cn",
      LDAP_ADMIN_GROUP_NAME: FIXTURE.adminGroup,
      ...env,
    });
    const logger = { debug: () => {}, info: capture("info"), warn: capture("warn"), error: capture("error") };
    return withActor(testContext(database, { envSettings, log: logger }), ADMIN);
  }

  it("refuses anonymous callers (401) and non-administrators (403), and does not start while LDAP is off", async () => {
    const ctx = adminContext();
    await expect(startLdapSync({}, withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(startLdapSync({}, withActor(ctx, { userId: null, isAdmin: false, kind: "user" }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getLdapSyncStatus({}, withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(startLdapSync({}, adminContext(undefined, { LDAP_ENABLED: "false" }))).rejects.toMatchObject({ code: "ldap_disabled" });
    expect(await ctx.db.select().from(jobRuns)).toHaveLength(0);
  });

  it("starts exactly one run when two lock holders trigger at once, and shows its live progress", async () => {
    const { database } = suite();
    const other = engine === "postgres" ? await openDatabase({ databaseUrl: database.databaseUrl, maxConnections: 2 }) : database;
    // A frozen directory accepts the connection and never answers: the run stays open until thawed.
    await slapd.freeze();
    try {
      const ctx = adminContext();
      const attempts = await Promise.allSettled([startLdapSync({}, ctx), startLdapSync({ trigger: "api" }, adminContext(other))]);
      const started = attempts.filter((attempt) => attempt.status === "fulfilled");
      const refused = attempts.filter((attempt) => attempt.status === "rejected");
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(1);
      const { runId } = (started[0] as PromiseFulfilledResult<{ runId: string }>).value;
      const conflict = (refused[0] as PromiseRejectedResult).reason;
      expect(conflict).toBeInstanceOf(JobAlreadyRunningError);
      expect((conflict as JobAlreadyRunningError).runId).toBe(runId);

      const running = await until(async () => {
        const status = await getLdapSyncStatus({}, ctx);
        return status.running?.progress.stage ? status.running : undefined;
      });
      expect(running).toMatchObject({ id: runId, status: "running", progress: { stage: "connecting" } });

      slapd.thaw();
      const row = await finished(ctx, runId);
      expect(row.status).toBe("succeeded");
      expect(await ctx.db.select().from(jobRuns)).toHaveLength(1);
      const status = await getLdapSyncStatus({}, ctx);
      expect(status).toMatchObject({ ldapEnabled: true, running: null, lastSuccess: { id: runId } });
      expect(status.runs[0].summary.usersCreated).toBeGreaterThan(0);
    } finally {
      slapd.thaw();
      if (other !== database) await other.close();
    }
  });

  it("logs success and failure exactly as documented", async () => {
    await createJobScheduler(adminContext(), syncLdapJob).tick();
    expect(lines.find((line) => line.includes("Job run successfully"))).toMatch(/^level=INFO msg="Job run successfully" name=SyncLdap /);

    lines = [];
    const unreachable = adminContext(undefined, { LDAP_URL: "ldap://localhost:1" });
    expect((await finished(unreachable, (await startLdapSync({}, unreachable)).runId)).status).toBe("failed");
    expect(lines.find((line) => line.includes("Job failed"))).toMatch(/^level=ERROR msg="Job failed" name=SyncLdap error="[^"]+"/);
  });

  it("reports skipped entries in the run's report", async () => {
    const ctx = adminContext();
    const { runId } = await startLdapSync({}, ctx);
    await finished(ctx, runId);
    const run = await getJobRun({ runId }, ctx);
    expect(run.status).toBe("succeeded");
    expect(run.skippedCount).toBeGreaterThanOrEqual(1);
    const skippedDave = run.skipped.find((entry) => entry.dn.toLowerCase() === fixtureUserDn(FIXTURE.sharedEmailSkipped).toLowerCase());
    expect(skippedDave?.reason).toMatch(/e-?mail/i);
    await expect(getJobRun({ runId: crypto.randomUUID() }, ctx)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("explains a run the removal guard stopped, and an administrator can force it", async () => {
    const ctx = adminContext();
    await finished(ctx, (await startLdapSync({}, ctx)).runId);
    // A filter that matches no one: the guard must refuse to disable every LDAP user.
    await storeSettings(ctx, { LDAP_USER_SEARCH_FILTER: "(uid=nobody-at-all)" });
    const stopped = await finished(ctx, (await startLdapSync({}, ctx)).runId);
    expect(stopped.status).toBe("failed");
    const status = await getLdapSyncStatus({}, ctx);
    expect(status.runs[0].removalGuard?.message).toMatch(/Sync stopped/);
    expect(status.runs[0].forced).toBe(false);

    const forced = await finished(ctx, (await startLdapSync({ force: true }, ctx)).runId);
    expect(forced.status).toBe("succeeded");
    const [latest] = (await getLdapSyncStatus({}, ctx)).runs;
    expect(latest).toMatchObject({ forced: true, removalGuard: null });
    expect(latest.summary.usersDisabled).toBeGreaterThan(0);
  });
});
