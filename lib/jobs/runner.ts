// Job runs with a lease row: the partial unique index job_runs_one_running_per_job lets exactly one
// process (of any replica sharing the database) hold a "running" row per job. A heartbeat keeps the
// lease; a row whose heartbeat stopped belonged to a dead process and is closed as failed.
import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { jobRuns, type JobRun } from "@/lib/db/schema";
import { queryRows } from "@/lib/db/client";
import { ConflictError, errorMessage } from "@/lib/errors";
import type { AppContext } from "@/lib/context";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const STALE_AFTER_MS = 60_000;
/** Progress reaches the database at most this often, so a UI polling every second sees it move. */
export const PROGRESS_FLUSH_MS = 1_000;

export type JobTrigger = "startup" | "schedule" | "manual" | "cli" | "api";
export type JobStats = Record<string, unknown>;

export class JobAlreadyRunningError extends ConflictError {
  constructor(
    readonly job: string,
    readonly runId: string,
  ) {
    super(`${job} is already running (run ${runId}).`, "already_running");
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
  await closeStaleLeases(job, ctx);
  const inserted = await ctx.db
    .insert(jobRuns)
    .values({ job, trigger, status: "running" })
    .onConflictDoNothing({ target: jobRuns.job, where: sql`status = 'running'` })
    .returning({ id: jobRuns.id });
  if (inserted[0]) return inserted[0].id;
  throw new JobAlreadyRunningError(job, (await runningRunId(job, ctx)) ?? "unknown");
}

/**
 * Takes the lease only when no run of `job` (any status, any replica) started in the last
 * `withinSeconds`; returns null when one did. Check and insert are one statement, so replicas
 * whose schedulers tick at the same moment start one run between them, not one each.
 */
export async function acquireJobLeaseIfDue(job: string, trigger: JobTrigger, ctx: AppContext, withinSeconds: number): Promise<string | null> {
  await closeStaleLeases(job, ctx);
  const inserted = await queryRows<{ id: string }>(
    ctx.db,
    sql`insert into ${jobRuns} (job, trigger, status)
        select ${job}, ${trigger}, 'running'
        where not exists (
          select 1 from ${jobRuns} where job = ${job} and started_at > now() - make_interval(secs => ${withinSeconds})
        )
        on conflict (job) where status = 'running' do nothing
        returning id`,
  );
  if (inserted[0]) return inserted[0].id;
  const running = await runningRunId(job, ctx);
  if (running) throw new JobAlreadyRunningError(job, running);
  return null;
}

async function closeStaleLeases(job: string, ctx: AppContext): Promise<void> {
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
}

async function runningRunId(job: string, ctx: AppContext): Promise<string | null> {
  const [running] = await ctx.db.select({ id: jobRuns.id }).from(jobRuns).where(and(eq(jobRuns.job, job), eq(jobRuns.status, "running")));
  return running?.id ?? null;
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
      // A beat still in flight when the run finishes must not touch the closed row.
      .where(and(eq(jobRuns.id, runId), eq(jobRuns.status, "running")))
      .catch((error) => ctx.log.warn("Job heartbeat failed", { name: job, run_id: runId, error: errorMessage(error) }));
  };
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  let flush: NodeJS.Timeout | null = null;
  const handle: JobHandle = {
    runId,
    progress(update) {
      pendingProgress = { ...(pendingProgress ?? {}), ...update };
      if (flush) return;
      flush = setTimeout(() => {
        flush = null;
        void beat();
      }, PROGRESS_FLUSH_MS);
      flush.unref();
    },
  };

  let outcome: JobOutcome;
  try {
    const stats = await body(handle);
    outcome = { runId, status: "succeeded", stats };
  } catch (error) {
    outcome = { runId, status: "failed", stats: error instanceof JobFailedError ? error.stats : {}, error: errorMessage(error) };
  } finally {
    clearInterval(timer);
    if (flush) clearTimeout(flush);
  }
  await ctx.db
    .update(jobRuns)
    .set({ status: outcome.status, finishedAt: new Date(), heartbeatAt: new Date(), stats: outcome.stats, error: outcome.error ?? null, progress: {} })
    .where(eq(jobRuns.id, runId));
  const duration = ((Date.now() - started) / 1000).toFixed(3);
  if (outcome.status === "succeeded") ctx.log.info("Job run successfully", { name: job, run_id: runId, duration_s: duration, ...summarise(outcome.stats) });
  // `error` follows `name` so the line starts exactly as documented: msg="Job failed" name=X error="...".
  else ctx.log.error("Job failed", { name: job, error: outcome.error, run_id: runId, duration_s: duration });
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
    ctx.log.error("Job failed", { name: job, error: errorMessage(error), run_id: runId }),
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
