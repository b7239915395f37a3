// Every background job by name: the scheduler, the API route and the CLI run a job through
// runJob(name, trigger, ctx, (handle) => JOBS[name](options, ctx, handle)).
import type { AppContext } from "@/lib/context";
import { runLdapSync } from "@/lib/ldap/sync";
import type { JobHandle, JobStats } from "./runner";

export interface JobOptions {
  /** SyncLdap: override the removal guard. */
  force?: boolean;
}

export type JobBody = (options: JobOptions, ctx: AppContext, handle: JobHandle) => Promise<JobStats>;

export const JOBS = {
  /** LDAP sync; ctx.actor must be an admin (SYSTEM_ACTOR for scheduled runs). Stats: LdapSyncReport. */
  SyncLdap: (options, ctx, handle) => runLdapSync({ force: options.force }, ctx, handle),
} satisfies Record<string, JobBody>;

export type JobName = keyof typeof JOBS;
