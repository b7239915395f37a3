import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export type JobRunStatus = "running" | "succeeded" | "failed";

export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    job: text("job").notNull(),
    trigger: text("trigger").notNull(), // "startup" | "schedule" | "manual" | "cli" | "api"
    status: text("status").$type<JobRunStatus>().notNull().default("running"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // Refreshed every 5 s with the progress; whether the run is alive is its lock's to say (lib/jobs/runner.ts).
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    progress: jsonb("progress").$type<Record<string, unknown>>().notNull().default({}),
    stats: jsonb("stats").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
  },
  (t) => [
    // The lease: at most one running row per job, across every replica sharing the database.
    uniqueIndex("job_runs_one_running_per_job").on(t.job).where(sql`${t.status} = 'running'`),
    index("job_runs_job_started_at_idx").on(t.job, t.startedAt),
  ],
);

export type JobRun = typeof jobRuns.$inferSelect;
