// Job runs with a lease row: the partial unique index job_runs_one_running_per_job lets exactly one
// process (of any replica sharing the database) hold a "running" row per job. Beside the row, the run
// holds a session lock on the job (lib/db/session-lock.ts) from before its row is inserted until after
// it is closed: whoever takes that lock knows that no live process runs the job, so a row still
// "running" was left by a dead one and is closed at once. A heartbeat records progress on the row.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { jobRuns, type JobRun } from "@/lib/db/schema";
import { queryRows, type Db } from "@/lib/db/client";
import { trySessionLock, type SessionLock } from "@/lib/db/session-lock";
import { ConflictError, errorMessage } from "@/lib/errors";
import type { AppContext } from "@/lib/context";
import { trackRun } from "./active-runs";

export const HEARTBEAT_INTERVAL_MS = 5_000;
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
  /**
   * Aborted when the server shuts down and the run outlived the grace period: a job stops at a point
   * where stopping leaves nothing half-written (`signal.throwIfAborted()`); it is then recorded as interrupted.
   */
  signal: AbortSignal;
}

/** A run's lease: its job_runs row and the lock that proves its process is alive. */
export interface JobLease {
  runId: string;
  lock: SessionLock;
}

export interface JobOutcome {
  runId: string;
  status: "succeeded" | "failed";
  stats: JobStats;
  error?: string;
}

const INTERRUPTED = "Interrupted: the process running it stopped.";
/** How long a contender keeps looking when the lock is held but no running row is visible yet. */
const CONTENDED_WAIT_MS = 2_000;
const CONTENDED_POLL_MS = 50;

/**
 * The job's lock, or JobAlreadyRunningError naming the running run. A holder without a visible row
 * is between taking the lock and inserting its run, or checking a schedule that was not due: the
 * row, or the free lock, follows within moments.
 */
async function lockJob(job: string, ctx: AppContext): Promise<SessionLock> {
  const deadline = Date.now() + CONTENDED_WAIT_MS;
  for (;;) {
    const lock = await trySessionLock(ctx.db as Db, ctx.engine, `job:${job}`);
    if (lock) return lock;
    const running = await runningRunId(job, ctx);
    if (running || Date.now() > deadline) throw new JobAlreadyRunningError(job, running ?? "unknown");
    await new Promise((resolve) => setTimeout(resolve, CONTENDED_POLL_MS));
  }
}

/**
 * Takes the job's lock, closes any run its dead holder left "running", then inserts the new run with
 * `insertRun` (null: none was due).
 */
async function takeLease(job: string, ctx: AppContext, insertRun: () => Promise<string | null>): Promise<JobLease | null> {
  const lock = await lockJob(job, ctx);
  try {
    await ctx.db
      .update(jobRuns)
      .set({ status: "failed", finishedAt: new Date(), error: INTERRUPTED })
      .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "running")));
    const runId = await insertRun();
    if (runId) return { runId, lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
  await lock.release();
  return null;
}

/** Takes the lease for `job` or throws JobAlreadyRunningError naming the running run. */
export async function acquireJobLease(job: string, trigger: JobTrigger, ctx: AppContext): Promise<JobLease> {
  const lease = await takeLease(job, ctx, async () => {
    const [inserted] = await ctx.db.insert(jobRuns).values({ job, trigger, status: "running" }).returning({ id: jobRuns.id });
    return inserted.id;
  });
  return lease!;
}

/**
 * Takes the lease only when no run of `job` (any status, any replica) started in the last
 * `withinSeconds`; returns null when one did. Check and insert are one statement, and only the
 * holder of the job's lock gets to run it, so replicas whose schedulers tick at the same moment
 * start one run between them, not one each.
 */
export async function acquireJobLeaseIfDue(job: string, trigger: JobTrigger, ctx: AppContext, withinSeconds: number): Promise<JobLease | null> {
  return takeLease(job, ctx, async () => {
    const [inserted] = await queryRows<{ id: string }>(
      ctx.db,
      sql`insert into ${jobRuns} (job, trigger, status)
          select ${job}, ${trigger}, 'running'
          where not exists (
            select 1 from ${jobRuns} where job = ${job} and started_at > now() - make_interval(secs => ${withinSeconds})
          )
          returning id`,
    );
    return inserted?.id ?? null;
  });
}

async function runningRunId(job: string, ctx: AppContext): Promise<string | null> {
  const [running] = await ctx.db.select({ id: jobRuns.id }).from(jobRuns).where(and(eq(jobRuns.job, job), eq(jobRuns.status, "running")));
  return running?.id ?? null;
}

/** Runs `body` under an already acquired lease, records the outcome, releases the lease and logs it. */
export function completeJob(job: string, lease: JobLease, ctx: AppContext, body: (handle: JobHandle) => Promise<JobStats>): Promise<JobOutcome> {
  // Tracked, so a shutdown waits for the run to record its outcome and release its lease.
  return trackRun((signal) => runUnderLease(job, lease, ctx, body, signal));
}

async function runUnderLease(
  job: string,
  lease: JobLease,
  ctx: AppContext,
  body: (handle: JobHandle) => Promise<JobStats>,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const { runId, lock } = lease;
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
  const checkLock = () =>
    lock.check().catch((error) =>
      // Its connection broke: to other processes this run now looks dead, and one may start the job again.
      ctx.log.error("Job lock lost", { name: job, run_id: runId, error: errorMessage(error) }),
    );
  const timer = setInterval(() => void Promise.all([beat(), checkLock()]), HEARTBEAT_INTERVAL_MS);
  timer.unref();
  let flush: NodeJS.Timeout | null = null;
  const handle: JobHandle = {
    runId,
    signal,
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
    // A job may wrap the abort in its own error; the run's record says plainly why it stopped.
    const message = signal.aborted ? errorMessage(signal.reason) : errorMessage(error);
    outcome = { runId, status: "failed", stats: error instanceof JobFailedError ? error.stats : {}, error: message };
  } finally {
    clearInterval(timer);
    if (flush) clearTimeout(flush);
  }
  try {
    await ctx.db
      .update(jobRuns)
      .set({ status: outcome.status, finishedAt: new Date(), heartbeatAt: new Date(), stats: outcome.stats, error: outcome.error ?? null, progress: {} })
      .where(eq(jobRuns.id, runId));
  } finally {
    // Only once the row is closed: until then the lock is what tells others this run is alive.
    await lock.release();
  }
  const duration = ((Date.now() - started) / 1000).toFixed(3);
  if (outcome.status === "succeeded") ctx.log.info("Job run successfully", { name: job, run_id: runId, duration_s: duration, ...summarise(outcome.stats) });
  // `error` follows `name` so the line starts exactly as documented: msg="Job failed" name=X error="...".
  else ctx.log.error("Job failed", { name: job, error: outcome.error, run_id: runId, duration_s: duration });
  return outcome;
}

/** Acquires the lease and runs the job to completion. */
export async function runJob(job: string, trigger: JobTrigger, ctx: AppContext, body: (handle: JobHandle) => Promise<JobStats>): Promise<JobOutcome> {
  return completeJob(job, await acquireJobLease(job, trigger, ctx), ctx, body);
}

/** Acquires the lease, then lets the job finish in the background; returns its run id at once. */
export async function launchJob(job: string, trigger: JobTrigger, ctx: AppContext, body: (handle: JobHandle) => Promise<JobStats>): Promise<string> {
  const lease = await acquireJobLease(job, trigger, ctx);
  void completeJob(job, lease, ctx, body).catch((error) =>
    ctx.log.error("Job failed", { name: job, error: errorMessage(error), run_id: lease.runId }),
  );
  return lease.runId;
}

/** Top-level numeric counts go into the success log line. */
function summarise(stats: JobStats): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(stats)) if (typeof value === "number") counts[key] = value;
  return counts;
}

export type { JobRun };
