// One LDAP sync: connect → fetch (paged stream, mapped as it arrives) → reconcile (pure diff) →
// guard → pictures (changed ones only: download, re-encode) → apply (one transaction) → report. Everything is fetched before anything is written,
// so an LDAP failure at any point leaves the database as it was.
import "server-only";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, LdapDisabledError, errorMessage } from "@/lib/errors";
import { JobFailedError, type JobHandle } from "@/lib/jobs/runner";
import { buildDeferredIndexes } from "@/lib/db/bulk-indexes";
import { applyPlan } from "./apply";
import { needsFreshStatistics, refreshStatistics } from "./statistics";
import { ldapSyncConfig, type LdapSyncConfig } from "./config";
import { openLdapConnection } from "./connection";
import { LdapError } from "./errors";
import { groupSearchSpec, searchPages, userSearchSpec } from "./fetch";
import { removalGuardReason } from "./guard";
import { mapGroupEntry, mapUserEntry } from "./map";
import { preparePictures } from "./pictures";
import { reconcile, type FetchedDirectory } from "./reconcile";
import { emptyReport, pushCapped, type LdapSyncReport, type SyncStage } from "./report";
import { loadDbState, loadPictureHashes, readDbState } from "./state";

export interface LdapSyncOptions {
  /** Override the removal guard. */
  force?: boolean;
}

/** Where progress goes: the job runner's handle (or anything with the same method). */
export type SyncProgress = Pick<JobHandle, "progress"> & Partial<Pick<JobHandle, "runId">>;

/**
 * Runs a sync now and returns its report. Throws JobFailedError(message, report) when the removal
 * guard stops it or LDAP or the database fails; nothing is written in those cases.
 */
export async function runLdapSync(options: LdapSyncOptions, ctx: AppContext, handle?: SyncProgress): Promise<LdapSyncReport> {
  if (!ctx.actor?.isAdmin) throw new ForbiddenError("Only an administrator can run the LDAP sync.");
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
  // unchanged photos are dropped as they arrive.
  const pictureHashes = config.attributes.picture ? await loadPictureHashes(ctx.db) : new Map<string, string>();
  const statePromise = readDbState(ctx.db);
  statePromise.catch(() => {}); // awaited below; an LDAP failure first must not leave it unhandled

  let directory: FetchedDirectory;
  try {
    directory = await fetchDirectory(config, pictureHashes, report, progress, lap);
  } catch (error) {
    if (error instanceof LdapError) throw fail(`${error.message} Nothing was changed.`);
    throw fail(`LDAP sync failed while reading the directory: ${errorMessage(error)}. Nothing was changed.`);
  }

  progress("reconciling");
  let state;
  try {
    state = await loadDbState(statePromise);
  } catch (error) {
    throw fail(`Reading the database failed: ${errorMessage(error)}. Nothing was changed.`);
  }
  const { plan, dangling, guard } = reconcile(directory, state, pictureHashes, config);
  for (const { dn, reason } of [...directory.userSkips, ...plan.users.skipped, ...directory.groupSkips, ...plan.groups.skipped]) {
    pushCapped(report.skipped, { dn, reason });
  }
  report.usersSkipped = directory.userSkips.length + plan.users.skipped.length;
  report.groupsSkipped = directory.groupSkips.length + plan.groups.skipped.length;
  report.danglingMembers = dangling.length;
  for (const item of dangling) pushCapped(report.dangling, item);
  report.timingsMs.reconcile = lap();

  const reason = removalGuardReason(guard);
  if (reason && !options.force) throw fail(reason, true);

  if (plan.users.pictures.upsert.length) {
    progress("processing pictures");
    const pictureOptions = { allowPrivateAddresses: config.picturesAllowPrivate };
    plan.pictures = await preparePictures(plan.users.pictures.upsert, pictureOptions, (warning) => pushCapped(report.warnings, warning));
    report.timingsMs.pictures = lap();
  }

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
  if (needsFreshStatistics(report.rowsWritten, directory.users.length)) {
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

async function fetchDirectory(
  config: LdapSyncConfig,
  pictureHashes: ReadonlyMap<string, string>,
  report: LdapSyncReport,
  progress: (stage: SyncStage) => void,
  lap: () => number,
): Promise<FetchedDirectory> {
  const directory: FetchedDirectory = { users: [], userSkips: [], groups: [], groupSkips: [], usersFetched: 0, groupsFetched: 0 };
  const context = { url: config.connection.url, timeoutSeconds: config.connection.timeoutSeconds };
  progress("connecting");
  const connection = await openLdapConnection(config.connection);
  try {
    report.timingsMs.connect = lap();
    progress("fetching users");
    for await (const page of searchPages(connection.client, userSearchSpec(config), context)) {
      for (const entry of page) {
        const mapped = mapUserEntry(entry, config.attributes, pictureHashes);
        if (!mapped.ok) directory.userSkips.push(mapped.skip);
        else {
          directory.users.push(mapped.value);
          if (mapped.warning) pushCapped(report.warnings, { dn: entry.dn, reason: mapped.warning });
        }
      }
      report.usersFetched = directory.usersFetched += page.length;
      progress("fetching users");
    }
    report.timingsMs.fetchUsers = lap();
    progress("fetching groups");
    for await (const page of searchPages(connection.client, groupSearchSpec(config), context, config.attributes.groupMember)) {
      for (const entry of page) {
        const mapped = mapGroupEntry(entry, config.attributes);
        if (mapped.ok) directory.groups.push(mapped.value);
        else directory.groupSkips.push(mapped.skip);
      }
      report.groupsFetched = directory.groupsFetched += page.length;
      progress("fetching groups");
    }
    report.timingsMs.fetchGroups = lap();
  } finally {
    await connection.close();
  }
  return directory;
}
