// One LDAP sync: connect → fetch (paged stream, mapped as it arrives) → reconcile (pure diff), these
// three on a worker thread → guard → pictures (changed ones only: download, re-encode) → apply (one transaction) → report. Everything is fetched before anything is written,
// so an LDAP failure at any point leaves the database as it was.
import "server-only";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, LdapDisabledError, errorMessage } from "@/lib/errors";
import { JobFailedError, type JobHandle } from "@/lib/jobs/runner";
import { buildDeferredIndexes } from "@/lib/db/bulk-indexes";
import { applyPlan } from "./apply";
import { needsFreshStatistics, refreshStatistics } from "./statistics";
import { ldapSyncConfig } from "./config";
import { removalGuardReason } from "./guard";
import { preparePictures } from "./pictures";
import type { PlannedSync } from "./plan-thread";
import { planThreadScript } from "./plan-thread-script";
import { PlanFailure, planInWorker } from "./plan-worker";
import { emptyReport, pushCapped, type LdapSyncReport, type SyncStage } from "./report";
import { loadPictureHashes, readDbState, readStateVersion } from "./state";

export interface LdapSyncOptions {
  /** Override the removal guard. */
  force?: boolean;
}

/** Where progress goes: the job runner's handle (or anything with the same method). */
export type SyncProgress = Pick<JobHandle, "progress"> & Partial<Pick<JobHandle, "runId" | "signal">>;

/**
 * Runs a sync now and returns its report. Throws JobFailedError(message, report) when the removal
 * guard stops it or LDAP or the database fails; nothing is written in those cases.
 */
export async function runLdapSync(options: LdapSyncOptions, ctx: AppContext, handle?: SyncProgress): Promise<LdapSyncReport> {
  if (!ctx.actor?.isAdmin) throw new ForbiddenError("Only an administrator can run the LDAP sync.");
  planThreadScript().catch(() => {}); // ready by the time the settings are read; a failure shows when the thread starts
  const { values } = await getSettings(ctx);
  if (!values.LDAP_ENABLED) throw new LdapDisabledError();
  const config = ldapSyncConfig(values);
  const report = emptyReport(options.force === true);
  const started = Date.now();
  let mark = started;
  const lap = () => {
    const now = Date.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };
  const progress = (stage: SyncStage) => handle?.progress({ stage, usersFetched: report.usersFetched, groupsFetched: report.groupsFetched });
  const fail = (message: string, stoppedByGuard = false): JobFailedError => {
    report.timingsMs.total = Date.now() - started;
    report.stoppedByGuard = stoppedByGuard;
    return new JobFailedError(message, report);
  };

  // The database builds its state while the directory streams in; picture hashes come first so
  // unchanged photos are dropped as they arrive. Reading, mapping and reconciling run on a worker
  // thread (lib/ldap/plan-thread.ts), so serving requests goes on meanwhile.
  const pictureHashes = config.attributes.picture ? await loadPictureHashes(ctx.db) : new Map<string, string>();
  const stateVersion = await readStateVersion(ctx.db);
  let planned: PlannedSync;
  try {
    planned = await planInWorker(
      config,
      pictureHashes,
      handle?.runId ?? null,
      { db: ctx.db, version: stateVersion, read: (send) => readDbState(ctx.db, send) },
      (stage, usersFetched, groupsFetched) => {
        Object.assign(report, { usersFetched, groupsFetched });
        progress(stage);
      },
      handle?.signal,
    );
  } catch (error) {
    if (handle?.signal?.aborted) throw handle.signal.reason;
    if (error instanceof PlanFailure && error.phase === "state") throw fail(`Reading the database failed: ${errorMessage(error.stateError ?? error)}. Nothing was changed.`);
    if (error instanceof PlanFailure && error.ldap) throw fail(`${error.message} Nothing was changed.`);
    throw fail(`LDAP sync failed while reading the directory: ${errorMessage(error)}. Nothing was changed.`);
  }
  const { plan, guard } = planned;
  Object.assign(report, planned.report); // its timings: connect, fetch and reconcile; the rest are still 0
  lap(); // the thread timed its stages

  const reason = removalGuardReason(guard);
  if (reason && !options.force) throw fail(reason, true);

  if (plan.users.pictures.upsert.length) {
    progress("processing pictures");
    const pictureOptions = { allowPrivateAddresses: config.picturesAllowPrivate };
    plan.pictures = await preparePictures(plan.users.pictures.upsert, pictureOptions, (warning) => pushCapped(report.warnings, warning));
    report.timingsMs.pictures = lap();
  }

  // A stop asked for while reading is honoured here, the last point where nothing is written yet;
  // once writing, the one transaction runs to its end.
  handle?.signal?.throwIfAborted();
  progress("writing");
  try {
    report.rowsWritten = await applyPlan(ctx.db, plan, handle?.runId ?? null);
  } catch (error) {
    throw fail(`Writing the sync to the database failed: ${errorMessage(error)}. Nothing was changed.`);
  }
  report.timingsMs.write = lap();
  // The rows are committed: the sort and search indexes a bulk load deferred are built now.
  progress("indexing");
  await buildDeferredIndexes(ctx.db).catch((error) => ctx.log.warn("Building deferred indexes failed", { error: errorMessage(error) }));
  report.timingsMs.indexes = lap();
  if (needsFreshStatistics(report.rowsWritten, planned.directoryUsers)) {
    progress("writing");
    await refreshStatistics(ctx).catch((error) => ctx.log.warn("Refreshing table statistics failed", { error: errorMessage(error) }));
    report.timingsMs.statistics = lap();
  }

  const { users, groups, memberships, claims } = plan;
  Object.assign(report, {
    usersCreated: users.counts.created,
    usersUpdated: users.counts.updated,
    usersEnabled: users.counts.enabled,
    usersDisabled: users.counts.disabled,
    usersDeleted: users.counts.deleted,
    usersUnchanged: users.counts.unchanged,
    groupsCreated: groups.counts.created,
    groupsUpdated: groups.counts.updated,
    groupsDeleted: groups.counts.deleted,
    groupsUnchanged: groups.counts.unchanged,
    membershipsAdded: memberships.add.length,
    membershipsRemoved: memberships.remove.length,
    claimsSet: claims.counts.set,
    claimsRemoved: claims.counts.removed,
  });
  report.timingsMs.total = Date.now() - started;
  progress("done");
  return report;
}
