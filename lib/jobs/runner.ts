// Job runs with a lease row: the partial unique index job_runs_one_running_per_job lets exactly one
// process (of any replica sharing the database) hold a "running" row per job. A heartbeat keeps the
// lease; a row whose heartbeat stopped belonged to a dead process and is closed as failed.
import { and, eq, lt, sql } from "drizzle-orm";
import { jobRuns, type JobRun } from "@/lib/db/schema";
import { ConflictError, errorMessage } from "@/lib/errors";
import type { AppContext } from "@/lib/context";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const STALE_AFTER_MS = 60_000;

export type JobTrigger = "startup" | "schedule" | "manual" | "cli" | "api";
export type JobStats = Record<string, unknown>;

export class JobAlreadyRunningError extends ConflictError {
  constructor(
    readonly job: string,
    readonly runId: string,
  ) {
    super(`${job} is already running (run ${runId}).`);
  }
}

/** A failure that still has a report worth keeping (counts, skipped entries, the guard's reason). */
export class JobFailedError extends Error {
  constructor(
    message: string,
    readonly stats: JobStats,
  ) {
    super(message);
    this.name = "JobFailedError";
  }
}

export interface JobHandle {
  runId: string;
  /** Records live progress (throttled to the heartbeat); safe to call often. */
  progress(update: JobStats): void;
}

export interface JobOutcome {
  runId: string;
  status: "succeeded" | "failed";
  stats: JobStats;
  error?: string;
}

/** Takes the lease for `job` or throws JobAlreadyRunningError naming the running run. */
export async function acquireJobLease(job: string, trigger: JobTrigger, ctx: AppContext): Promise<string> {
  await ctx.db
    .update(jobRuns)
    .set({ status: "failed", finishedAt: new Date(), error: "Interrupted: the process running it stopped." })
    .where(
      and(
        eq(jobRuns.job, job),
        eq(jobRuns.status, "running"),
        lt(jobRuns.heartbeatAt, sql`now() - make_interval(secs => ${STALE_AFTER_MS / 1000})`),
      ),
    );
  const inserted = await ctx.db
    .insert(jobRuns)
    .values({ job, trigger, status: "running" })
    .onConflictDoNothing({ target: jobRuns.job, where: sql`status = 'running'` })
    .returning({ id: jobRuns.id });
  if (inserted[0]) return inserted[0].id;
  const [running] = await ctx.db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "running")));
  throw new JobAlreadyRunningError(job, running?.id ?? "unknown");
}

/** Runs `body` under an already acquired lease, records the outcome and logs it. */
export async function completeJob(
  job: string,
  runId: string,
  ctx: AppContext,
  body: (handle: JobHandle) => Promise<JobStats>,
): Promise<JobOutcome> {
  const started = Date.now();
  let pendingProgress: JobStats | null = null;
  const beat = async () => {
    const progress = pendingProgress;
    pendingProgress = null;
    await ctx.db
      .update(jobRuns)
      .set({ heartbeatAt: new Date(), ...(progress ? { progress } : {}) })
      .where(eq(jobRuns.id, runId))
      .catch((error) => ctx.log.warn("Job heartbeat failed", { name: job, run_id: runId, error: errorMessage(error) }));
  };
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  const handle: JobHandle = { runId, progress: (update) => void (pendingProgress = { ...(pendingProgress ?? {}), ...update }) };

  let outcome: JobOutcome;
  try {
    const stats = await body(handle);
    outcome = { runId, status: "succeeded", stats };
  } catch (error) {
    outcome = { runId, status: "failed", stats: error instanceof JobFailedError ? error.stats : {}, error: errorMessage(error) };
  } finally {
    clearInterval(timer);
  }
  await ctx.db
    .update(jobRuns)
    .set({ status: outcome.status, finishedAt: new Date(), heartbeatAt: new Date(), stats: outcome.stats, error: outcome.error ?? null, progress: {} })
    .where(eq(jobRuns.id, runId));
  const duration = ((Date.now() - started) / 1000).toFixed(3);
  if (outcome.status === "succeeded") ctx.log.info("Job run successfully", { name: job, run_id: runId, duration_s: duration, ...summarise(outcome.stats) });
  else ctx.log.error("Job failed", { name: job, run_id: runId, duration_s: duration, error: outcome.error });
  return outcome;
}

/** Acquires the lease and runs the job to completion. */
export async function runJob(job: string, trigger: JobTrigger, ctx: AppContext, body: (handle: JobHandle) => Promise<JobStats>): Promise<JobOutcome> {
  const runId = await acquireJobLease(job, trigger, ctx);
  return completeJob(job, runId, ctx, body);
}

/** Acquires the lease, then lets the job finish in the background; returns its run id at once. */
export async function launchJob(job: string, trigger: JobTrigger, ctx: AppContext, body: (handle: JobHandle) => Promise<JobStats>): Promise<string> {
  const runId = await acquireJobLease(job, trigger, ctx);
  void completeJob(job, runId, ctx, body).catch((error) =>
    ctx.log.error("Job failed", { name: job, run_id: runId, error: errorMessage(error) }),
  );
  return runId;
}

/** Top-level numeric counts go into the success log line. */
function summarise(stats: JobStats): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(stats)) if (typeof value === "number") counts[key] = value;
  return counts;
}

export type { JobRun };
