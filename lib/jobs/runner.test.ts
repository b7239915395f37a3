import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { jobRuns } from "@/lib/db/schema";
import { acquireJobLease, JobAlreadyRunningError, JobFailedError, runJob } from "./runner";
import { stopActiveRuns } from "./active-runs";

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

  it("at shutdown waits for a run that ends within the grace period", async () => {
    const { ctx } = use();
    let finish!: () => void;
    const run = runJob("GraceTest", "manual", ctx, () => new Promise((resolve) => (finish = () => resolve({ done: 1 }))));
    await expect.poll(async () => (await ctx.db.select().from(jobRuns).where(eq(jobRuns.job, "GraceTest")))[0]?.status).toBe("running");
    const stopping = stopActiveRuns(600_000, 600_000);
    finish();
    expect(await stopping).toBe(0);
    expect(await run).toMatchObject({ status: "succeeded", stats: { done: 1 } });
  });

  it("at shutdown stops a run that outlives the grace period: recorded as interrupted, its lease free", async () => {
    const { ctx } = use();
    // Ends only when told to stop, as a sync does at its next page.
    const run = runJob("StopTest", "manual", ctx, (handle) => new Promise((_, reject) => handle.signal.addEventListener("abort", () => reject(new Error("wrapped by the job")))));
    await expect.poll(async () => (await ctx.db.select().from(jobRuns).where(eq(jobRuns.job, "StopTest")))[0]?.status).toBe("running");
    expect(await stopActiveRuns(0, 600_000)).toBe(1);
    expect(await run).toMatchObject({ status: "failed", error: "Interrupted: the server shut down before the run finished." });
    const next = await acquireJobLease("StopTest", "manual", ctx);
    await next.lock.release();
  });
});
