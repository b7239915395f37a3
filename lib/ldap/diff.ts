// Pure set operations between what LDAP returned and the rows in the database, keyed by ldap_id.
// The result says exactly which rows to insert, update, disable or delete; nothing else is written,
// so a directory that did not change produces an empty plan.
import "server-only";
import { newRowId } from "./ids";
import type { UserProfile } from "@/lib/db/schema";
import { ValueMap, resolveClaims, type Claimant, type TakenValues, type UniqueValues } from "./claims";
import type { MappedPicture, MappedUser, SkippedEntry } from "./map";

export type DbUser = UserProfile;
/** What the sync reads of a local user: the unique values no entry may take. */
export type LocalUser = Pick<DbUser, "username" | "email">;

export interface DbGroup {
  id: string;
  name: string;
  friendlyName: string;
  ldapId: string | null;
}

export type UserRow = Omit<DbUser, "ldapId"> & { ldapId: string };
export type GroupRow = Omit<DbGroup, "ldapId"> & { ldapId: string };
export interface PictureRow extends MappedPicture {
  userId: string;
  /** The entry's DN, for the report when the picture cannot be used. */
  dn: string;
}

export interface UserPlan {
  insert: UserRow[];
  update: UserRow[];
  /** Rows whose current username/e-mail another row takes in this run: cleared first (swaps). */
  release: string[];
  disable: string[];
  remove: string[];
  /** Database id for each fetched user; null when the entry was skipped here. */
  idOf: (string | null)[];
  /** Rows left exactly as they are because their entry was skipped. */
  frozen: Set<string>;
  skipped: SkippedEntry[];
  pictures: { upsert: PictureRow[]; remove: string[] };
  counts: { created: number; updated: number; enabled: number; disabled: number; deleted: number; unchanged: number };
  /** For the removal guard: enabled LDAP users before the run, and how many this run removes. */
  activeLdapUsers: number;
  removals: number;
}

const lower = (text: string) => text.toLowerCase();
const USER_FIELDS = ["username", "e-mail address"];
/** The unique values a user row holds: username and (when set) e-mail, case-insensitively. */
const userValues = (user: { username: string; email: string | null }): UniqueValues => [lower(user.username), user.email === null ? null : lower(user.email)];
const NO_VALUES: UniqueValues = [];

/** Rows of entries that were skipped while mapping: by ldap id, or by name when the id was unreadable. */
export function rowsOfSkipped<T extends { ldapId: string | null }>(
  skipped: readonly SkippedEntry[],
  rows: readonly T[],
  rowOf: ReadonlyMap<string, number>,
  nameOf: (row: T) => string,
): number[] {
  let byName: Map<string, number> | undefined; // built only when an entry had no readable id
  return skipped.flatMap((skip) => {
    if (!skip.ldapId && skip.name && !byName) byName = new Map(rows.map((row, r) => [lower(nameOf(row)), r]));
    const r = skip.ldapId ? rowOf.get(skip.ldapId) : skip.name ? byName!.get(lower(skip.name)) : undefined;
    return r !== undefined && rows[r].ldapId ? [r] : [];
  });
}

export interface UserDiffInput {
  fetched: readonly MappedUser[];
  /** Entries skipped while mapping (their rows are kept as they are). */
  mappingSkips: readonly SkippedEntry[];
  admins: ReadonlySet<number>;
  /** LDAP users' rows. */
  rows: readonly DbUser[];
  /** Local users (none when omitted). */
  localUsers?: readonly LocalUser[];
  /** Index in `rows` of each LDAP row, by ldap id (built here when not given). */
  rowOf?: ReadonlyMap<string, number>;
  /** Stored picture hash by ldap id. */
  pictureHashes: ReadonlyMap<string, string>;
  softDelete: boolean;
}

const sameKeys = (row: DbUser, user: MappedUser) =>
  (row.username === user.username || lower(row.username) === lower(user.username)) &&
  (row.email === user.email || (row.email !== null && user.email !== null && lower(row.email) === lower(user.email)));

/**
 * Works on row indexes so that a directory of 100,000 users costs one map (ldap id → row) and a
 * few typed arrays. Only "contenders" (new entries, or ones whose username/e-mail changed) go
 * through claim resolution; an entry keeping its values keeps them (its row already holds them).
 */
export function diffUsers(input: UserDiffInput): UserPlan {
  const { fetched, rows, softDelete } = input;
  const rowOf = input.rowOf ?? new Map(rows.flatMap((row, r): [string, number][] => (row.ldapId ? [[row.ldapId, r]] : [])));
  const frozen = new Set(rowsOfSkipped(input.mappingSkips, rows, rowOf, (row) => row.username));

  // Match entries to rows; a second entry with an id already seen is skipped.
  const entryOfRow = new Int32Array(rows.length).fill(-1);
  const rowOfEntry = new Int32Array(fetched.length).fill(-1);
  const newIds = new Set<string>();
  const SKIPPED_ENTRY = -2;
  for (const skip of input.mappingSkips) {
    if (!skip.ldapId) continue;
    const r = rowOf.get(skip.ldapId);
    if (r === undefined) newIds.add(skip.ldapId);
    else entryOfRow[r] = SKIPPED_ENTRY;
  }
  const preSkipped = new Map<number, string>();
  fetched.forEach((user, i) => {
    const r = rowOf.get(user.ldapId);
    const duplicate = r === undefined ? newIds.has(user.ldapId) : entryOfRow[r] !== -1;
    if (duplicate) preSkipped.set(i, `another entry has the same unique identifier ${user.ldapId}`);
    else if (r === undefined) newIds.add(user.ldapId);
    else {
      entryOfRow[r] = i;
      rowOfEntry[i] = r;
    }
  });
  const isAbsent = (r: number) => rows[r].ldapId !== null && entryOfRow[r] === -1 && !frozen.has(r);

  const contenders: number[] = [];
  fetched.forEach((user, i) => {
    if (!preSkipped.has(i) && (rowOfEntry[i] < 0 || !sameKeys(rows[rowOfEntry[i]], user))) contenders.push(i);
  });
  const claimants: Claimant[] = contenders.map((i) => ({ dn: fetched[i].dn, wants: userValues(fetched[i]) }));
  const taken = takenValues(contenders, claimants, rows, input.localUsers ?? [], rowOfEntry, (r) => {
    const row = rows[r];
    if (frozen.has(r)) return `the existing row of a skipped entry (${row.username})`;
    if (entryOfRow[r] >= 0) return `the entry ${fetched[entryOfRow[r]].dn}`;
    // A user who left the directory keeps its username and e-mail while disabled; a deleted one frees them.
    return softDelete ? `the disabled user ${row.username}, who is no longer in the directory` : null;
  });
  const holdsOf = (c: number) => (rowOfEntry[contenders[c]] >= 0 ? userValues(rows[rowOfEntry[contenders[c]]]) : NO_VALUES);
  const skipReasons = new Map(preSkipped);
  for (const [c, reason] of resolveClaims(USER_FIELDS, claimants, taken, holdsOf)) skipReasons.set(contenders[c], reason);

  const plan: UserPlan = {
    insert: [], update: [], release: [], disable: [], remove: [], idOf: new Array(fetched.length).fill(null), frozen: new Set(), skipped: [],
    pictures: { upsert: [], remove: [] },
    counts: { created: 0, updated: 0, enabled: 0, disabled: 0, deleted: 0, unchanged: 0 },
    activeLdapUsers: 0,
    removals: 0,
  };
  fetched.forEach((user, i) => {
    const r = rowOfEntry[i];
    const reason = skipReasons.get(i);
    if (reason !== undefined) {
      plan.skipped.push({ dn: user.dn, reason, ldapId: user.ldapId, name: user.username });
      if (r >= 0) frozen.add(r);
      return;
    }
    const isAdmin = input.admins.has(i);
    const row = r >= 0 ? rows[r] : undefined;
    const id = row?.id ?? newRowId();
    plan.idOf[i] = id;
    planPicture(plan, id, user, input.pictureHashes);
    if (row && sameUser(row, user, isAdmin)) {
      plan.counts.unchanged++;
      return;
    }
    const { ldapId, username, email, firstName, lastName, displayName, disabled } = user;
    const desired: UserRow = { id, ldapId, username, email, firstName, lastName, displayName, isAdmin, disabled };
    if (!row) {
      plan.insert.push(desired);
      plan.counts.created++;
    } else {
      plan.update.push(desired);
      if (row.disabled && !disabled) plan.counts.enabled++;
      else if (!row.disabled && disabled) plan.counts.disabled++;
      else plan.counts.updated++;
    }
  });

  rows.forEach((row, r) => {
    if (row.ldapId && !row.disabled) plan.activeLdapUsers++;
    if (!isAbsent(r)) return;
    if (!softDelete) {
      plan.remove.push(row.id);
      plan.counts.deleted++;
    } else if (!row.disabled) {
      plan.disable.push(row.id);
      plan.counts.disabled++;
    }
    if (!row.disabled) plan.removals++;
  });
  for (const r of frozen) plan.frozen.add(rows[r].id);

  // A contender's row whose current value another row takes in this run must let go of it first.
  if (contenders.every((i) => rowOfEntry[i] < 0)) return plan; // only new entries: no row holds anything
  const wantedBy = new ValueMap<string>();
  contenders.forEach((i, c) => plan.idOf[i] && claimants[c].wants.forEach((value, field) => value !== null && wantedBy.set(field, value, plan.idOf[i]!)));
  for (const i of contenders) {
    const r = rowOfEntry[i];
    if (r < 0 || !plan.idOf[i]) continue;
    const id = rows[r].id;
    if (userValues(rows[r]).some((value, field) => value !== null && (wantedBy.get(field, value) ?? id) !== id)) plan.release.push(id);
  }
  return plan;
}

/** Values contenders want that rows other than their own hold (scanned once, only when there are contenders). */
function takenValues(
  contenders: readonly number[],
  claimants: readonly Claimant[],
  rows: readonly DbUser[],
  localUsers: readonly LocalUser[],
  rowOfEntry: Int32Array,
  holderOf: (row: number) => string | null,
): TakenValues {
  const taken: TakenValues = new ValueMap();
  if (contenders.length === 0 || rows.length + localUsers.length === 0) return taken;
  const contenderRows = new Set(contenders.map((i) => rowOfEntry[i]).filter((r) => r >= 0));
  // Each holder's values and who it is (rows: null when the row lets go of them).
  const holders = function* (): Generator<[UniqueValues, () => string | null]> {
    for (const user of localUsers) yield [userValues(user), () => `the local user ${user.username}`];
    for (const [r, row] of rows.entries()) if (!contenderRows.has(r)) yield [userValues(row), () => holderOf(r)]; // a contender's row: released if its entry is accepted, frozen (holdsOf) if skipped
  };
  // Index the smaller side: a first load has a million claimants and a few local users, a re-sync
  // a few claimants and every row.
  if (claimants.length * 4 > rows.length + localUsers.length) {
    const held = new ValueMap<() => string | null>();
    for (const [values, holder] of holders()) values.forEach((value, field) => value !== null && held.set(field, value, holder));
    for (const claimant of claimants) {
      claimant.wants.forEach((value, field) => {
        const holder = value === null ? null : held.get(field, value)?.();
        if (holder) taken.set(field, value!, holder);
      });
    }
    return taken;
  }
  const wanted = new ValueMap<true>();
  for (const claimant of claimants) claimant.wants.forEach((value, field) => value !== null && wanted.set(field, value, true));
  for (const [values, holderOfValues] of holders()) {
    const found = values.map((value, field) => (value !== null && wanted.has(field, value) ? value : null));
    const holder = found.some((value) => value !== null) ? holderOfValues() : null;
    if (holder) found.forEach((value, field) => value !== null && taken.set(field, value, holder));
  }
  return taken;
}

function sameUser(row: DbUser, user: MappedUser, isAdmin: boolean): boolean {
  return (
    row.username === user.username &&
    row.email === user.email &&
    row.firstName === user.firstName &&
    row.lastName === user.lastName &&
    row.displayName === user.displayName &&
    row.isAdmin === isAdmin &&
    row.disabled === user.disabled
  );
}

function planPicture(plan: UserPlan, userId: string, user: MappedUser, stored: ReadonlyMap<string, string>): void {
  if (user.picture === undefined) return; // not synced: leave whatever is stored
  const storedHash = stored.get(user.ldapId);
  if (user.picture === null) {
    if (storedHash) plan.pictures.remove.push(userId);
  } else if (user.picture.hash !== storedHash) {
    plan.pictures.upsert.push({ userId, dn: user.dn, ...user.picture });
  }
}

