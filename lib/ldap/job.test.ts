// The SyncLdap job as the CLI, scheduler and API run it: one job_runs row per run with the report.
import { count, desc, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { syncLdapCommand } from "./cli";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, jobRuns, userGroupMembers } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { runJob } from "@/lib/jobs/runner";
import { syncLdapJob } from "./job";
import { FIXTURE_USERS } from "./testing/fixtures";
import { fixtureDirectory } from "./testing/fixture-directory";
import { fixtureSyncEnv, withLdapEnv } from "./testing/sync-helpers";

describeEachEngine("SyncLdap job and sync-ldap command", (current) => {
  const directory = fixtureDirectory(() => current().ctx);

  async function cli(args: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = withLdapEnv(current().ctx, { ...fixtureSyncEnv(directory.server), ...env });
    const code = await syncLdapCommand.run(args, ctx, { out: (line) => out.push(line), err: (line) => err.push(line) });
    const [run] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.job, "SyncLdap")).orderBy(desc(jobRuns.startedAt)).limit(1);
    return { code, out: out.join("\n"), err: err.join("\n"), run };
  }

  /** The run's audit rows, counted per event; every one is the system's. */
  async function auditOfRun(ctx: AppContext, runId: string) {
    const rows = await ctx.db
      .select({ event: auditLog.event, actorKind: auditLog.actorKind, rows: count() })
      .from(auditLog)
      .where(eq(auditLog.jobRunId, runId))
      .groupBy(auditLog.event, auditLog.actorKind);
    expect(rows.every((row) => row.actorKind === "system")).toBe(true);
    return Object.fromEntries(rows.map((row) => [row.event, row.rows]));
  }

  it("prints counts and skipped entries, reports progress on stderr, and records the run", async () => {
    const { code, out, err, run } = await cli([]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Users: +${FIXTURE_USERS.length} fetched, ${FIXTURE_USERS.length - 1} created`, "m"));
    expect(out).toMatch(/^Skipped entries:\n {2}uid=dave,ou=people,dc=example,dc=org: e-mail address shared@example.org is already used/m);
    expect(out).toMatch(/^Unresolved members:\n {2}contractors: uid=ghost/m);
    expect(err).toMatch(/^fetching users: /m);
    expect(run).toMatchObject({ trigger: "cli", status: "succeeded", error: null, stats: { usersCreated: FIXTURE_USERS.length - 1, usersSkipped: 1 } });
    expect((run.stats as { skipped: unknown[] }).skipped).toHaveLength(1);
    // Started, finished, one row per created user and group, and one per group given members,
    // all carrying the run's id.
    const [{ groupsWithMembers }] = await current().ctx.db.select({ groupsWithMembers: sql<number>`count(distinct ${userGroupMembers.groupId})::int` }).from(userGroupMembers);
    expect(groupsWithMembers).toBeGreaterThan(0);
    expect(await auditOfRun(current().ctx, run.id)).toEqual({
      "ldap_sync.started": 1,
      "ldap_sync.finished": 1,
      "user.created": FIXTURE_USERS.length - 1,
      "group.created": (run.stats as { groupsCreated: number }).groupsCreated,
      "group.members_changed": groupsWithMembers,
    });
  });

  it("exits 1 with the guard's message when the run is stopped, and --force overrides it", async () => {
    const wrongBase = { LDAP_BASE: `ou=groups,${directory.server.suffix}` };
    const stopped = await cli([], wrongBase);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(/Sync stopped: the user search returned no entries/);
    expect(stopped.run).toMatchObject({ status: "failed", error: expect.stringMatching(/Sync stopped/), stats: { stoppedByGuard: true } });
    expect(await auditOfRun(current().ctx, stopped.run.id)).toEqual({ "ldap_sync.started": 1, "ldap_sync.stopped": 1 });

    // The group search under ou=groups still finds the groups; all users go with --force.
    const forced = await cli(["--force"], wrongBase);
    expect(forced.code).toBe(0);
    expect(forced.run).toMatchObject({ status: "succeeded", stats: { forced: true, usersDisabled: FIXTURE_USERS.length - 1 } });
    expect(await auditOfRun(current().ctx, forced.run.id)).toMatchObject({ "user.disabled": FIXTURE_USERS.length - 1 });
    await expect(cli(["--everything"])).rejects.toThrow(/Unknown option --everything/);
  });

  it("defines the sync as the SyncLdap job for the scheduler", async () => {
    const ctx = withLdapEnv(current().ctx, fixtureSyncEnv(directory.server));
    const outcome = await runJob(syncLdapJob.name, "schedule", ctx, (handle) => syncLdapJob.run(ctx, handle));
    expect(outcome).toMatchObject({ status: "succeeded", stats: { usersEnabled: FIXTURE_USERS.length - 1, rowsWritten: expect.any(Number) } });
    expect(await auditOfRun(ctx, outcome.runId)).toMatchObject({ "user.enabled": FIXTURE_USERS.length - 1, "ldap_sync.finished": 1 });
  });

  it("fails with the sync's own error when the failure's audit row cannot be written either", async () => {
    const { db } = current().ctx;
    expect((await cli([])).code).toBe(0); // LDAP users exist, so an empty search is stopped by the guard
    await db.execute(sql`create function refuse_failure_rows() returns trigger language plpgsql as $$ begin raise exception 'audit_log refused'; end $$`);
    await db.execute(sql`create trigger refuse_failure_rows before insert on audit_log for each row when (new.outcome = 'failure') execute function refuse_failure_rows()`);
    try {
      const stopped = await cli([], { LDAP_BASE: `ou=groups,${directory.server.suffix}` });
      expect(stopped.code).toBe(1);
      expect(stopped.err).toMatch(/Sync stopped: the user search returned no entries/);
      expect(stopped.run).toMatchObject({ status: "failed", error: expect.stringMatching(/^Sync stopped/), stats: { stoppedByGuard: true } });
      expect(stopped.err).not.toMatch(/audit_log|Failed query/);
    } finally {
      await db.execute(sql`drop trigger refuse_failure_rows on audit_log`);
      await db.execute(sql`drop function refuse_failure_rows()`);
    }
  });
});
