// What a background job tells the generic runner and scheduler about itself. lib/jobs knows no job
// by name: feature folders (lib/ldap, ...) define theirs and the server start-up lists them.
import type { AppContext } from "@/lib/context";
import type { JobHandle, JobStats } from "./runner";

export interface JobSchedule {
  enabled: boolean;
  intervalSeconds: number;
}

export interface ScheduledJob {
  /** The job_runs.job value and the `name=` of its log lines. */
  name: string;
  /** Read on every tick, so switching the job on or off and interval changes apply without a restart. */
  schedule(ctx: AppContext): Promise<JobSchedule>;
  /** One run; `ctx.actor` is the system actor for scheduled runs. */
  run(ctx: AppContext, handle: JobHandle): Promise<JobStats>;
}
