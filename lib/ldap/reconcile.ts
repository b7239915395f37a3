// Pure: fetched directory + database state → the write plan, unresolved members and guard figures.
import "server-only";
import type { WritePlan } from "./apply";
import type { LdapSyncConfig } from "./config";
import { diffUsers, type UserPlan } from "./diff";
import { diffLdapClaims, emptyClaimPlan, type ClaimPlan } from "./diff-claims";
import { diffGroups, diffMemberships } from "./diff-groups";
import { resolveMemberships, type DanglingMember } from "./groups";
import type { GuardInput } from "./guard";
import type { MappedGroup, MappedUser, SkippedEntry } from "./map";
import type { DbState } from "./db-state";

export interface FetchedDirectory {
  users: MappedUser[];
  userSkips: SkippedEntry[];
  groups: MappedGroup[];
  groupSkips: SkippedEntry[];
  usersFetched: number;
  groupsFetched: number;
}

/** Below this many new users, index maintenance row by row costs less than rebuilding. */
const BULK_LOAD_MIN_ROWS = 10_000;

/**
 * A run that at least doubles the users table (a first sync, or a directory that grew
 * enormously) inserts faster without its secondary indexes (see lib/db/bulk-indexes.ts, lib/ldap/apply.ts).
 */
export function isBulkLoad(inserts: number, existingRows: number): boolean {
  return inserts >= BULK_LOAD_MIN_ROWS && inserts >= existingRows;
}

export interface Reconciliation {
  plan: WritePlan;
  dangling: DanglingMember[];
  guard: GuardInput;
}

export function reconcile(
  directory: FetchedDirectory,
  state: DbState,
  pictureHashes: ReadonlyMap<string, string>,
  config: LdapSyncConfig,
): Reconciliation {
  const localUsernames = new Set(state.localUsers.map((user) => user.username.toLowerCase()));
  const resolved = resolveMemberships(directory.users, directory.groups, {
    memberAttribute: config.attributes.groupMember,
    usernameAttribute: config.attributes.username,
    nested: config.nestedGroups,
    adminGroupName: config.adminGroupName,
    skippedUsers: directory.userSkips,
    skippedGroups: directory.groupSkips,
    localUsernames,
  });
  const users = diffUsers({
    fetched: directory.users,
    mappingSkips: directory.userSkips,
    admins: resolved.admins,
    rows: state.users,
    localUsers: state.localUsers,
    rowOf: state.rowOf,
    pictureHashes,
    softDelete: config.softDelete,
  });
  const groups = diffGroups(directory.groups, directory.groupSkips, state.groups);

  const dangling = [...resolved.dangling];
  const desired = new Map<string, Set<string>>();
  resolved.members.forEach((members, groupIndex) => {
    const groupId = groups.idOf[groupIndex];
    if (!groupId) return;
    const userIds = new Set<string>();
    for (const userIndex of members) {
      const userId = users.idOf[userIndex];
      if (userId) userIds.add(userId);
      else dangling.push({ group: directory.groups[groupIndex].name, member: directory.users[userIndex].dn, reason: "skipped entry" });
    }
    desired.set(groupId, userIds);
  });
  const memberships = diffMemberships(
    desired,
    state.memberships,
    { users: users.frozen, groups: groups.frozen },
    { users: new Set(users.remove), groups: new Set(groups.remove) },
  );

  return {
    plan: {
      users,
      groups,
      memberships,
      claims: planClaims(directory, users, state, config),
      pictures: [],
      bulkLoad: isBulkLoad(users.insert.length, state.users.length + state.localUsers.length),
    },
    dangling,
    guard: {
      usersFetched: directory.usersFetched,
      groupsFetched: directory.groupsFetched,
      activeLdapUsers: users.activeLdapUsers,
      removals: users.removals,
      ldapGroups: state.groups.filter((row) => row.ldapId).length,
      maxRemovalPercent: config.maxRemovalPercent,
      softDelete: config.softDelete,
      base: config.base,
    },
  };
}

function planClaims(directory: FetchedDirectory, users: UserPlan, state: DbState, config: LdapSyncConfig): ClaimPlan {
  // Nothing mapped now and nothing stored from before: no claim can change.
  if (config.attributes.claims.length === 0 && state.ldapClaims.size === 0) return emptyClaimPlan();
  return diffLdapClaims(directory.users, users.idOf, state.ldapClaims, new Set(users.insert.map((row) => row.id)));
}
