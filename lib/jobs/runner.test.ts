import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { jobRuns } from "@/lib/db/schema";
import { acquireJobLease, JobAlreadyRunningError, JobFailedError, runJob } from "./runner";

describeEachEngine("job runner lease", (use) => {
  it("lets exactly one of several simultaneous triggers run and names the running one", async () => {
    const { ctx } = use();
    const attempts = await Promise.allSettled([1, 2, 3, 4].map(() => acquireJobLease("LeaseTest", "manual", ctx)));
    const won = attempts.filter((attempt) => attempt.status === "fulfilled");
    const lost = attempts.filter((attempt) => attempt.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    const { runId } = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireJobLease>>>).value;
    for (const attempt of lost) {
      expect(attempt.reason).toBeInstanceOf(JobAlreadyRunningError);
      expect((attempt.reason as JobAlreadyRunningError).runId).toBe(runId);
    }
  });

  it("takes over at once a run whose process died (its row still running, its lock gone)", async () => {
    const { ctx } = use();
    const dead = await acquireJobLease("DeadTest", "manual", ctx);
    await dead.lock.release(); // what the database does when the holder's connection closes
    const fresh = await acquireJobLease("DeadTest", "manual", ctx);
    expect(fresh.runId).not.toBe(dead.runId);
    const [old] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, dead.runId));
    expect(old).toMatchObject({ status: "failed", error: expect.stringMatching(/Interrupted/) });
  });

  it("leaves a live holder's run alone, however old its heartbeat", async () => {
    const { ctx } = use();
    const live = await acquireJobLease("LiveTest", "manual", ctx);
    await ctx.db.update(jobRuns).set({ heartbeatAt: sql`now() - interval '5 minutes'` }).where(eq(jobRuns.id, live.runId));
    await expect(acquireJobLease("LiveTest", "manual", ctx)).rejects.toMatchObject({ code: "already_running", runId: live.runId });
  });

  it("records success with stats and failure with the error and the report", async () => {
    const { ctx } = use();
    const ok = await runJob("RecordTest", "cli", ctx, async () => ({ created: 3 }));
    expect(ok).toMatchObject({ status: "succeeded", stats: { created: 3 } });
    const failed = await runJob("RecordTest", "cli", ctx, async () => {
      throw new JobFailedError("guard stopped it", { wouldRemove: 10 });
    });
    expect(failed).toMatchObject({ status: "failed", error: "guard stopped it", stats: { wouldRemove: 10 } });
    const rows = await ctx.db.select().from(jobRuns).where(eq(jobRuns.job, "RecordTest"));
    expect(rows.map((row) => row.status).sort()).toEqual(["failed", "succeeded"]);
    expect(rows.every((row) => row.finishedAt !== null)).toBe(true);
  });
});
