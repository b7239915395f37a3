// Reads the whole directory: the user search, then the group search, each entry mapped as its page
// arrives (lib/ldap/map.ts). Runs on the sync's worker thread (lib/ldap/plan-thread.ts).
import "server-only";
import type { LdapSyncConfig } from "./config";
import { openLdapConnection } from "./connection";
import { groupSearchSpec, searchPages, userSearchSpec } from "./fetch";
import { mapGroupEntry, mapUserEntry, type MappedUser } from "./map";
import type { FetchedDirectory } from "./reconcile";
import { pushCapped, type LdapSyncReport, type SyncStage } from "./report";

export async function readDirectory(
  config: LdapSyncConfig,
  pictureHashes: ReadonlyMap<string, string>,
  report: Pick<LdapSyncReport, "usersFetched" | "groupsFetched" | "warnings" | "timingsMs">,
  progress: (stage: SyncStage) => void,
  lap: () => number,
  /** Called with each user as it is mapped (the state shares its strings with it). */
  onUser: (user: MappedUser) => void,
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
          onUser(mapped.value);
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
