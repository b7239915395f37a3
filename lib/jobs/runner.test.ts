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
    const runId = (won[0] as PromiseFulfilledResult<string>).value;
    for (const attempt of lost) {
      expect(attempt.reason).toBeInstanceOf(JobAlreadyRunningError);
      expect((attempt.reason as JobAlreadyRunningError).runId).toBe(runId);
    }
  });

  it("closes a lease whose heartbeat stopped and lets a new run start", async () => {
    const { ctx } = use();
    const stale = await acquireJobLease("StaleTest", "manual", ctx);
    await ctx.db.update(jobRuns).set({ heartbeatAt: sql`now() - interval '5 minutes'` }).where(eq(jobRuns.id, stale));
    const fresh = await acquireJobLease("StaleTest", "manual", ctx);
    expect(fresh).not.toBe(stale);
    const [old] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, stale));
    expect(old).toMatchObject({ status: "failed", error: expect.stringMatching(/Interrupted/) });
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
