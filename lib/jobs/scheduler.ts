// The LDAP sync scheduler. A croner tick every 30 s reads the effective settings and starts SyncLdap
// when LDAP is enabled and no run (of any replica) started within LDAP_SYNC_INTERVAL. Reading the
// settings on every tick is what makes enabling, disabling and interval changes apply without a
// restart; deciding from job_runs in one statement keeps replicas from each syncing every interval.
import { Cron } from "croner";
import { getSettings } from "@/lib/config";
import { syncIntervalSeconds } from "@/lib/config/settings";
import { errorMessage } from "@/lib/errors";
import { SYSTEM_ACTOR, withActor, type AppContext } from "@/lib/context";
import { JOBS } from "./registry";
import { acquireJobLeaseIfDue, completeJob, JobAlreadyRunningError, type JobHandle, type JobStats } from "./runner";
import { SYNC_LDAP_JOB } from "@/lib/ldap/job";

export const TICK_PATTERN = "*/30 * * * * *";
/** The startup run waits this long so the server answers requests first. */
export const STARTUP_DELAY_MS = 3_000;
/** A run started this close before the period began still counts as fresh (and absorbs query latency). */
const FIRST_RUN_SLACK_S = 1;

export type TickResult =
  | { action: "ran"; trigger: "startup" | "schedule"; runId: string; status: "succeeded" | "failed" }
  | { action: "skipped"; reason: "disabled" | "not-due" | "running" | "busy" | "error" };

export interface LdapSyncScheduler {
  /** One scheduling decision (and the run, when one is due); resolves when that run has finished. */
  tick(): Promise<TickResult>;
  start(): void;
  stop(): void;
}

export interface SchedulerOptions {
  /** The job body; SyncLdap from the registry unless a test supplies its own. */
  body?: (handle: JobHandle) => Promise<JobStats>;
}

export function createLdapSyncScheduler(base: AppContext, options: SchedulerOptions = {}): LdapSyncScheduler {
  const ctx = withActor(base, SYSTEM_ACTOR);
  const body = options.body ?? ((handle: JobHandle) => JOBS.SyncLdap({}, ctx, handle));
  // The first run of an "enabled period" (process start, or LDAP switched on) does not wait for the
  // interval: it is due unless some run started after the period began (another replica's, or "Sync now").
  let firstRunPending = true;
  let firstRunTrigger: "startup" | "schedule" = "startup";
  let periodStartedAt = Date.now();
  let inFlight = false;
  const crons: Cron[] = [];

  async function decideAndRun(): Promise<TickResult> {
    const { values } = await getSettings(ctx);
    if (!values.LDAP_ENABLED) {
      firstRunPending = true;
      firstRunTrigger = "schedule";
      periodStartedAt = Date.now();
      return { action: "skipped", reason: "disabled" };
    }
    const trigger = firstRunPending ? firstRunTrigger : "schedule";
    const withinSeconds = firstRunPending ? (Date.now() - periodStartedAt) / 1000 + FIRST_RUN_SLACK_S : syncIntervalSeconds(values);
    let runId: string | null;
    try {
      runId = await acquireJobLeaseIfDue(SYNC_LDAP_JOB, trigger, ctx, withinSeconds);
    } catch (error) {
      if (error instanceof JobAlreadyRunningError) return { action: "skipped", reason: "running" };
      throw error;
    }
    firstRunPending = false;
    if (!runId) return { action: "skipped", reason: "not-due" };
    const outcome = await completeJob(SYNC_LDAP_JOB, runId, ctx, body);
    return { action: "ran", trigger, runId, status: outcome.status };
  }

  async function tick(): Promise<TickResult> {
    if (inFlight) return { action: "skipped", reason: "busy" };
    inFlight = true;
    try {
      const result = await decideAndRun();
      if (result.action === "skipped") ctx.log.debug("Scheduler tick", { name: SYNC_LDAP_JOB, skipped: result.reason });
      return result;
    } catch (error) {
      ctx.log.warn("Scheduler tick failed", { name: SYNC_LDAP_JOB, error: errorMessage(error) });
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
type Holder = { [schedulerKey]?: LdapSyncScheduler };

/** Starts the process's scheduler once, however often instrumentation's register() runs. Never blocks. */
export function startScheduler(ctx: AppContext): LdapSyncScheduler {
  const holder = globalThis as Holder;
  if (!holder[schedulerKey]) {
    const scheduler = createLdapSyncScheduler(ctx);
    scheduler.start();
    holder[schedulerKey] = scheduler;
    ctx.log.info("Scheduler started", { jobs: SYNC_LDAP_JOB, check_every_s: 30 });
  }
  return holder[schedulerKey];
}

/** Stops the process's scheduler (tests, shutdown). */
export function stopScheduler(): void {
  const holder = globalThis as Holder;
  holder[schedulerKey]?.stop();
  delete holder[schedulerKey];
}
