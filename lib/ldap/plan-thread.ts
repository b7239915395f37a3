// The sync's worker thread: reads and maps the directory, takes the database state the main thread
// read meanwhile, and reconciles the two into the write plan. Decoding 100,000 entries and diffing
// them against 100,000 rows is seconds of CPU; here it never holds the event loop that serves
// pages and OpenID Connect requests. The main thread keeps the database (PGlite is single-threaded
// and single-connection) and writes the plan (lib/ldap/plan-worker.ts starts this thread).
import "server-only";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { errorMessage } from "@/lib/errors";
import type { LdapSyncConfig } from "./config";
import { LdapError } from "./errors";
import { readDirectory } from "./read-directory";
import { reconcile, type FetchedDirectory, type Reconciliation } from "./reconcile";
import { emptyReport, pushCapped, type LdapSyncReport, type SyncStage } from "./report";
import { encodeNewUsers, newUsersBuffers } from "./new-users";
import { DbStateBuilder, type DbState, type DbStatePart } from "./db-state";

export interface PlanThreadInput {
  config: LdapSyncConfig;
  pictureHashes: Map<string, string>;
  /** Date.now() when the sync started the thread: the connect stage's time includes starting it. */
  startedAt: number;
  /** The sync's job run, named by the audit rows of the users it creates. */
  jobRunId: string | null;
  /** The state's version (readStateVersion in ./state.ts), read before the state. */
  stateVersion: string;
  /** Plan with the state this thread kept from its last plan, read under the same version: no state is sent. */
  reuseState: boolean;
}

/** The report's parts this thread fills in. */
export type PlanReport = Pick<
  LdapSyncReport,
  "usersFetched" | "groupsFetched" | "usersSkipped" | "groupsSkipped" | "danglingMembers" | "skipped" | "dangling" | "warnings" | "timingsMs"
>;

export interface PlannedSync extends Reconciliation {
  report: PlanReport;
  /** Users the directory returned (mapped): the statistics refresh compares the rows written with it. */
  directoryUsers: number;
}

/** Main thread → thread: a plan to make, then the database state as json texts, part by part, then whether reading it all worked. */
export type ToPlanThread =
  | { type: "plan"; input: PlanThreadInput }
  | { type: "state"; part: DbStatePart }
  | { type: "state-read" }
  | { type: "state-failed" };
type StateMessage = Exclude<ToPlanThread, { type: "plan" }>;

/** Thread → main thread. `phase` says which part failed, so the main thread words it as before. */
export type FromPlanThread =
  | { type: "progress"; stage: SyncStage; usersFetched: number; groupsFetched: number }
  | { type: "planned"; planned: PlannedSync }
  | { type: "failed"; phase: "directory" | "state"; ldap: boolean; message: string };

/** The state of this thread's last plan: a kept thread's next plan uses it again while its version holds. */
let lastState: { version: string; state: DbState } | undefined;

async function plan(
  input: PlanThreadInput,
  onState: (handler: (message: StateMessage) => void) => void,
  post: (message: FromPlanThread) => void,
): Promise<FromPlanThread> {
  const { config, pictureHashes } = input;
  const { usersFetched, groupsFetched, usersSkipped, groupsSkipped, danglingMembers, skipped, dangling, warnings, timingsMs } = emptyReport();
  const report: PlanReport = { usersFetched, groupsFetched, usersSkipped, groupsSkipped, danglingMembers, skipped, dangling, warnings, timingsMs };
  let mark = input.startedAt;
  const lap = () => {
    const now = Date.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };
  const progress = (stage: SyncStage) => post({ type: "progress", stage, usersFetched: report.usersFetched, groupsFetched: report.groupsFetched });
  // Each part is parsed when it arrives, while the directory still streams in (parsing fills the
  // waits for the server's pages); entries mapped after their row arrived share its strings.
  const kept = input.reuseState && lastState?.version === input.stateVersion ? lastState.state : undefined;
  lastState = undefined;
  const builder = new DbStateBuilder(kept);
  const state = new Promise<DbState>((resolve, reject) => {
    if (input.reuseState) return kept ? resolve(kept) : reject(new Error("the state of the last sync is gone"));
    onState((message) => {
      if (message.type === "state") builder.add(message.part);
      else if (message.type === "state-read") resolve(builder.finish());
      else reject(new Error("state"));
    });
  });
  state.catch(() => {}); // awaited after the directory: an LDAP failure first must not leave it unhandled

  let directory: FetchedDirectory;
  try {
    directory = await readDirectory(config, pictureHashes, report, progress, lap, (user) => builder.share(user));
  } catch (error) {
    return { type: "failed", phase: "directory", ldap: error instanceof LdapError, message: errorMessage(error) };
  }
  progress("reconciling");
  let dbState: DbState;
  try {
    dbState = await state;
  } catch (error) {
    return { type: "failed", phase: "state", ldap: false, message: errorMessage(error) };
  }
  lastState = { version: input.stateVersion, state: dbState };
  const reconciliation = reconcile(directory, dbState, pictureHashes, config);
  const { plan: writePlan } = reconciliation;
  for (const { dn, reason } of [...directory.userSkips, ...writePlan.users.skipped, ...directory.groupSkips, ...writePlan.groups.skipped]) {
    pushCapped(report.skipped, { dn, reason });
  }
  report.usersSkipped = directory.userSkips.length + writePlan.users.skipped.length;
  report.groupsSkipped = directory.groupSkips.length + writePlan.groups.skipped.length;
  report.danglingMembers = reconciliation.dangling.length;
  for (const item of reconciliation.dangling) pushCapped(report.dangling, item);
  // What the main thread does not need stays here: cloning 100,000 ids would cost its event loop.
  for (const part of [writePlan.users, writePlan.groups]) Object.assign(part, { idOf: [], frozen: new Set(), skipped: [] });
  // New users cross as COPY text in transferred buffers, not as a million cloned objects.
  writePlan.newUsers = encodeNewUsers(writePlan.users.insert, input.jobRunId);
  writePlan.users.insert = [];
  report.timingsMs.reconcile = lap();
  return { type: "planned", planned: { ...reconciliation, report, directoryUsers: directory.users.length } };
}

/**
 * The thread's body (lib/ldap/plan-worker.ts starts it): plans one sync at a time, for as long as
 * the main thread keeps it. A thread kept between back-to-back syncs keeps its compiled code: a
 * fresh one spends a fifth of a small sync's CPU compiling the same functions again.
 */
export function runPlanThread(): void {
  // Requests come first: on Linux a nice value is per thread, so this lowers only the sync's
  // thread, which then takes what CPU the server leaves (on an idle machine it runs at full speed).
  try {
    os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not permitted here: run at normal priority
  }
  const port = parentPort!;
  // New users cross as transferred bytes (./new-users.ts), everything else is cloned.
  const post = (message: FromPlanThread) => {
    const newUsers = message.type === "planned" ? message.planned.plan.newUsers : undefined;
    port.postMessage(message, newUsers ? newUsersBuffers(newUsers) : []);
  };
  let toPlan = (_message: StateMessage) => {};
  port.on("message", (message: ToPlanThread) => {
    if (message.type !== "plan") toPlan(message);
    else void plan(message.input, (handler) => (toPlan = handler), post).then(post);
  });
}
