// The trends chart's data: the same job_runs rows the history shows, as points (oldest first) with
// each run's duration and number of changes; running runs and other jobs are left out.
import { expect, it } from "vitest";
import { jobRuns } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { asUser, insertUser } from "@/lib/auth/testing";
import { SYNC_LDAP_JOB } from "./job";
import { getLdapSyncTrends } from "./sync-status";

describeEachEngine("LDAP sync trends", (current) => {
  it("gives the latest finished runs oldest first with duration, changes and failures", async () => {
    const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2026, 0, 1, 10, minutes, seconds));
    await current().ctx.db.insert(jobRuns).values([
      { job: SYNC_LDAP_JOB, trigger: "startup", status: "succeeded", startedAt: at(0), finishedAt: at(0, 4), stats: { usersCreated: 11, groupsCreated: 8, membershipsAdded: 20, usersUnchanged: 0, rowsWritten: 39 } },
      { job: SYNC_LDAP_JOB, trigger: "schedule", status: "failed", startedAt: at(10), finishedAt: at(10, 1), stats: { stoppedByGuard: true, usersDisabled: 0 }, error: "guard" },
      { job: SYNC_LDAP_JOB, trigger: "manual", status: "succeeded", startedAt: at(20), finishedAt: at(20, 2), stats: { usersUpdated: 1, claimsSet: 2, claimsRemoved: 1, usersUnchanged: 10 } },
      { job: SYNC_LDAP_JOB, trigger: "manual", status: "failed", startedAt: at(30), finishedAt: at(30, 0), stats: {}, error: "LDAP down" },
      { job: "PruneAuditLog", trigger: "schedule", status: "succeeded", startedAt: at(35), finishedAt: at(35, 1), stats: { usersDeleted: 5 } },
      { job: SYNC_LDAP_JOB, trigger: "schedule", status: "running", startedAt: at(40) },
    ]);
    const points = await getLdapSyncTrends({}, current().ctx);
    expect(points.map(({ startedAt, durationMs, changes, status, stoppedByGuard }) => ({ startedAt, durationMs, changes, status, stoppedByGuard }))).toEqual([
      { startedAt: at(0).toISOString(), durationMs: 4000, changes: 39, status: "succeeded", stoppedByGuard: false },
      { startedAt: at(10).toISOString(), durationMs: 1000, changes: 0, status: "failed", stoppedByGuard: true },
      { startedAt: at(20).toISOString(), durationMs: 2000, changes: 4, status: "succeeded", stoppedByGuard: false },
      { startedAt: at(30).toISOString(), durationMs: 0, changes: 0, status: "failed", stoppedByGuard: false },
    ]);
    expect((await getLdapSyncTrends({ limit: 2 }, current().ctx)).map((point) => point.startedAt)).toEqual([at(20).toISOString(), at(30).toISOString()]);
  });

  it("is for administrators only", async () => {
    const user = await insertUser(current().ctx);
    await expect(getLdapSyncTrends({}, asUser(current().ctx, user.id))).rejects.toMatchObject({ code: "forbidden" });
  });
});
