// Inputs of the SyncLdap verbs, shared by the route handler and the server actions. Client-safe.
import { z } from "zod";

const queryFlag = z
  .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
  .optional()
  .transform((value) => value === "true" || value === "1");

export const syncLdapInputSchema = z.object({
  /** Override the removal guard (LDAP_MAX_REMOVAL_PERCENT / empty user search). */
  force: z.boolean().default(false),
  trigger: z.enum(["manual", "api"]).default("manual"),
});
export type SyncLdapInput = z.input<typeof syncLdapInputSchema>;

/** "Sync now" / "Sync anyway": the browser chooses only whether to override the guard. */
export const syncNowSchema = syncLdapInputSchema.pick({ force: true });

/** `POST /api/jobs/sync-ldap?force=true` */
export const syncLdapQuerySchema = z.object({ force: queryFlag });

/** `GET /api/jobs/sync-ldap?limit=10` or `?runId=<uuid>` for one run's full report. */
export const jobRunsQuerySchema = z.object({
  runId: z.uuid({ error: "must be a run id" }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type JobRunsQuery = z.input<typeof jobRunsQuerySchema>;

/** `GET /api/jobs/sync-ldap?view=trends&limit=30`: the finished runs the trends chart draws. */
export const syncTrendsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type SyncTrendsQuery = z.input<typeof syncTrendsQuerySchema>;
