// The job scheduler. A croner tick every 30 s asks each job for its schedule and starts it when it is
// enabled and no run (of any replica) started within its interval. Asking on every tick is what
// makes enabling, disabling and interval changes apply without a restart; deciding from job_runs in
// one statement keeps replicas from each running the job every interval.
import { Cron } from "croner";
import { errorMessage } from "@/lib/errors";
import { SYSTEM_ACTOR, withActor, type AppContext } from "@/lib/context";
import type { ScheduledJob } from "./definition";
import { acquireJobLeaseIfDue, completeJob, JobAlreadyRunningError, type JobLease } from "./runner";

export const TICK_PATTERN = "*/30 * * * * *";
/** The startup run waits this long so the server answers requests first. */
export const STARTUP_DELAY_MS = 3_000;
/** A run started this close before the period began still counts as fresh (and absorbs query latency). */
const FIRST_RUN_SLACK_S = 1;

export type TickResult =
  | { action: "ran"; trigger: "startup" | "schedule"; runId: string; status: "succeeded" | "failed" }
  | { action: "skipped"; reason: "disabled" | "not-due" | "running" | "busy" | "error" };

export interface JobScheduler {
  /** One scheduling decision (and the run, when one is due); resolves when that run has finished. */
  tick(): Promise<TickResult>;
  start(): void;
  stop(): void;
}

/** Schedules one job in this process. */
export function createJobScheduler(base: AppContext, job: ScheduledJob): JobScheduler {
  const ctx = withActor(base, SYSTEM_ACTOR);
  // The first run of an "enabled period" (process start, or the job switched on) does not wait for the
  // interval: it is due unless some run started after the period began (another replica's, or "Sync now").
  let firstRunPending = true;
  let firstRunTrigger: "startup" | "schedule" = "startup";
  let periodStartedAt = Date.now();
  let inFlight = false;
  const crons: Cron[] = [];

  async function decideAndRun(): Promise<TickResult> {
    const schedule = await job.schedule(ctx);
    if (!schedule.enabled) {
      firstRunPending = true;
      firstRunTrigger = "schedule";
      periodStartedAt = Date.now();
      return { action: "skipped", reason: "disabled" };
    }
    const trigger = firstRunPending ? firstRunTrigger : "schedule";
    const withinSeconds = firstRunPending ? (Date.now() - periodStartedAt) / 1000 + FIRST_RUN_SLACK_S : schedule.intervalSeconds;
    let lease: JobLease | null;
    try {
      lease = await acquireJobLeaseIfDue(job.name, trigger, ctx, withinSeconds);
    } catch (error) {
      if (error instanceof JobAlreadyRunningError) return { action: "skipped", reason: "running" };
      throw error;
    }
    firstRunPending = false;
    if (!lease) return { action: "skipped", reason: "not-due" };
    const outcome = await completeJob(job.name, lease, ctx, (handle) => job.run(ctx, handle));
    return { action: "ran", trigger, runId: lease.runId, status: outcome.status };
  }

  async function tick(): Promise<TickResult> {
    if (inFlight) return { action: "skipped", reason: "busy" };
    inFlight = true;
    try {
      const result = await decideAndRun();
      if (result.action === "skipped") ctx.log.debug("Scheduler tick", { name: job.name, skipped: result.reason });
      return result;
    } catch (error) {
      ctx.log.warn("Scheduler tick failed", { name: job.name, error: errorMessage(error) });
      return { action: "skipped", reason: "error" };
    } finally {
      inFlight = false;
    }
  }

  return {
    tick,
    start() {
      if (crons.length) return;
      const firstTickAt = new Date(Date.now() + STARTUP_DELAY_MS);
      // unref: a pending tick never keeps the process alive; protect: ticks never overlap.
      crons.push(
        new Cron(firstTickAt, { unref: true }, () => void tick()),
        new Cron(TICK_PATTERN, { unref: true, protect: true, startAt: firstTickAt }, async () => void (await tick())),
      );
    },
    stop() {
      for (const cron of crons.splice(0)) cron.stop();
    },
  };
}

const schedulerKey = Symbol.for("pocket-id.scheduler");
type Holder = { [schedulerKey]?: JobScheduler[] };

/** Starts the process's schedulers once, however often instrumentation's register() runs. Never blocks. */
export function startScheduler(ctx: AppContext, jobs: ScheduledJob[]): JobScheduler[] {
  const holder = globalThis as Holder;
  if (!holder[schedulerKey]) {
    const schedulers = jobs.map((job) => createJobScheduler(ctx, job));
    for (const scheduler of schedulers) scheduler.start();
    holder[schedulerKey] = schedulers;
    ctx.log.info("Scheduler started", { jobs: jobs.map((job) => job.name).join(","), check_every_s: 30 });
  }
  return holder[schedulerKey];
}

/** Stops the process's schedulers (tests, shutdown). */
export function stopScheduler(): void {
  const holder = globalThis as Holder;
  for (const scheduler of holder[schedulerKey] ?? []) scheduler.stop();
  delete holder[schedulerKey];
}
