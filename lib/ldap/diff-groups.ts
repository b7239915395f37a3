// Group rows and memberships, by the same rules as users (diff.ts): keyed by ldap_id, names
// claimed in search order, local groups never touched, memberships replaced by set difference.
import "server-only";
import { newRowId } from "./ids";
import { ValueMap, resolveClaims, type Claimant, type TakenValues } from "./claims";
import { rowsOfSkipped, type DbGroup, type GroupRow } from "./diff";
import type { MappedGroup, SkippedEntry } from "./map";

export interface GroupPlan {
  insert: GroupRow[];
  update: GroupRow[];
  release: string[];
  remove: string[];
  idOf: (string | null)[];
  frozen: Set<string>;
  skipped: SkippedEntry[];
  counts: { created: number; updated: number; deleted: number; unchanged: number };
}

export function diffGroups(fetched: readonly MappedGroup[], mappingSkips: readonly SkippedEntry[], rows: readonly DbGroup[]): GroupPlan {
  const ldapRows = new Map<string, DbGroup>();
  const rowOf = new Map<string, number>();
  rows.forEach((row, r) => {
    if (!row.ldapId) return;
    ldapRows.set(row.ldapId, row);
    rowOf.set(row.ldapId, r);
  });
  const frozen = new Set(rowsOfSkipped(mappingSkips, rows, rowOf, (row) => row.name).map((r) => rows[r].id));
  const nameKey = (name: string) => name.toLowerCase();
  const taken: TakenValues = new ValueMap();
  for (const row of rows) {
    if (!row.ldapId) taken.set(0, nameKey(row.name), `the local group ${row.name}`);
    else if (frozen.has(row.id)) taken.set(0, nameKey(row.name), `the existing row of a skipped group entry (${row.name})`);
  }
  const seenIds = new Set(mappingSkips.flatMap((skip) => (skip.ldapId ? [skip.ldapId] : [])));
  const preSkipped = new Map<number, string>();
  fetched.forEach((group, index) => {
    if (seenIds.has(group.ldapId)) preSkipped.set(index, `another entry has the same unique identifier ${group.ldapId}`);
    seenIds.add(group.ldapId);
  });
  const claimants: Claimant[] = fetched.map((group) => ({ dn: group.dn, wants: [nameKey(group.name)] }));
  const holdsOf = (index: number) => {
    const row = ldapRows.get(fetched[index].ldapId);
    return row ? [nameKey(row.name)] : [];
  };
  const skipReasons = resolveClaims(["group name"], claimants, taken, holdsOf, new Set(preSkipped.keys()));
  for (const [index, reason] of preSkipped) skipReasons.set(index, reason);

  const plan: GroupPlan = { insert: [], update: [], release: [], remove: [], idOf: [], frozen, skipped: [], counts: { created: 0, updated: 0, deleted: 0, unchanged: 0 } };
  const wantedBy = new Map<string, string>();
  fetched.forEach((group, index) => {
    const reason = skipReasons.get(index);
    const row = ldapRows.get(group.ldapId);
    if (reason !== undefined) {
      plan.skipped.push({ dn: group.dn, reason, ldapId: group.ldapId, name: group.name });
      if (row && !preSkipped.has(index)) frozen.add(row.id);
      plan.idOf.push(null);
      return;
    }
    const desired: GroupRow = { id: row?.id ?? newRowId(), ldapId: group.ldapId, name: group.name, friendlyName: group.name };
    plan.idOf.push(desired.id);
    wantedBy.set(nameKey(desired.name), desired.id);
    if (!row) {
      plan.insert.push(desired);
      plan.counts.created++;
    } else if (row.name !== desired.name || row.friendlyName !== desired.friendlyName) {
      plan.update.push(desired);
      plan.counts.updated++;
    } else plan.counts.unchanged++;
  });
  for (const row of rows) {
    if (row.ldapId && !seenIds.has(row.ldapId) && !frozen.has(row.id)) {
      plan.remove.push(row.id);
      plan.counts.deleted++;
    }
  }
  for (const update of plan.update) {
    const current = ldapRows.get(update.ldapId)!;
    if ((wantedBy.get(nameKey(current.name)) ?? update.id) !== update.id) plan.release.push(update.id);
  }
  return plan;
}

export interface MembershipPlan {
  add: Array<[userId: string, groupId: string]>;
  remove: Array<[userId: string, groupId: string]>;
}

/**
 * Replaces LDAP groups' memberships by set difference. Pairs of frozen users or groups stay as
 * they are; pairs of deleted users or groups go by cascade and are not listed.
 */
export function diffMemberships(
  desired: ReadonlyMap<string, ReadonlySet<string>>,
  existing: ReadonlyMap<string, ReadonlySet<string>>,
  keep: { users: ReadonlySet<string>; groups: ReadonlySet<string> },
  deleted: { users: ReadonlySet<string>; groups: ReadonlySet<string> },
): MembershipPlan {
  const plan: MembershipPlan = { add: [], remove: [] };
  for (const [groupId, users] of desired) {
    const current = existing.get(groupId);
    for (const userId of users) if (!current?.has(userId)) plan.add.push([userId, groupId]);
  }
  for (const [groupId, users] of existing) {
    if (keep.groups.has(groupId) || deleted.groups.has(groupId)) continue;
    const wanted = desired.get(groupId);
    for (const userId of users) {
      if (!wanted?.has(userId) && !keep.users.has(userId) && !deleted.users.has(userId)) plan.remove.push([userId, groupId]);
    }
  }
  return plan;
}
