// The job runs in progress in this process, so a shutdown can wait for them and then stop them
// (lib/server-shutdown.ts). On globalThis: Next.js loads lib/jobs in several bundles (the
// scheduler's, the routes'), and a shutdown must see the runs every one of them started.
import "server-only";

/** The reason a run's signal carries when the process stops it. */
export class JobInterruptedError extends Error {
  constructor() {
    super("Interrupted: the server shut down before the run finished.");
    this.name = "JobInterruptedError";
  }
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<unknown>;
}

const activeKey = Symbol.for("pocket-id.active-job-runs");
type Holder = { [activeKey]?: Set<ActiveRun> };
const active = ((globalThis as Holder)[activeKey] ??= new Set());

/** Registers a run until `done` settles; returns the signal that tells it to stop. */
export function trackRun<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const done = body(controller.signal).finally(() => active.delete(run));
  const run: ActiveRun = { controller, done };
  active.add(run);
  return done;
}

const settled = (runs: ActiveRun[]) => Promise.allSettled(runs.map((run) => run.done));
const timeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Lets the runs in progress finish for `graceMs`, then aborts the rest and waits for them to record
 * their outcome (at most `abortWaitMs` more). Resolves to the number of runs it had to abort.
 */
export async function stopActiveRuns(graceMs: number, abortWaitMs: number): Promise<number> {
  const runs = [...active];
  if (!runs.length) return 0;
  await Promise.race([settled(runs), timeout(graceMs)]);
  const remaining = [...active];
  for (const run of remaining) run.controller.abort(new JobInterruptedError());
  await Promise.race([settled(remaining), timeout(abortWaitMs)]);
  return remaining.length;
}
