// The database state the sync compares the directory with, built from the json texts
// lib/ldap/state.ts reads (users arrive in parts of USERS_PER_PART rows). Pure: it runs on the
// sync's worker thread, which loads no database code. Each part is parsed as it arrives, while the
// directory still streams in, and an entry that matches its row shares the row's strings: an
// unchanged directory of 1,000,000 users is then held about once, not twice (docs/performance.md).
import "server-only";
import type { DbGroup, DbUser, LocalUser } from "./diff";
import type { MappedUser } from "./map";

export interface DbState {
  /** LDAP users. */
  users: DbUser[];
  /** Local users, as far as the sync needs them: the values an entry may not take. */
  localUsers: LocalUser[];
  /** Index in `users` of each LDAP user, by ldap id. */
  rowOf: Map<string, number>;
  groups: DbGroup[];
  /** group id → user ids, for LDAP groups only. */
  memberships: Map<string, Set<string>>;
  /** user id → claim name → value, of the claims the sync wrote (source 'ldap'). */
  ldapClaims: Map<string, Map<string, string>>;
}

/** One part of the state as a json text of tuples (lib/ldap/state.ts says which columns). */
export interface DbStatePart {
  table: "users" | "local" | "groups" | "pairs" | "claims";
  text: string;
}

/** Rows per users (and local users) part: bounds the text and the parse's garbage to a few MB whatever the directory's size. */
export const USERS_PER_PART = 50_000;

type UserTuple = [string, string, string | null, string, string, string, boolean, boolean, string | null];

/** Distinct first and last names kept as one string each (directories repeat them a lot); bounded. */
const NAMES_MAX = 100_000;

export class DbStateBuilder {
  private readonly names = new Map<string, string>();

  /** Starts empty, or from a complete state read earlier (then only share() is used). */
  constructor(private readonly state: DbState = { users: [], localUsers: [], rowOf: new Map(), groups: [], memberships: new Map(), ldapClaims: new Map() }) {}

  private name(value: string): string {
    const known = this.names.get(value);
    if (known !== undefined) return known;
    if (this.names.size < NAMES_MAX) this.names.set(value, value);
    return value;
  }

  add({ table, text }: DbStatePart): void {
    const { state } = this;
    if (table === "users") {
      for (const [id, username, email, firstName, lastName, displayName, isAdmin, disabled, ldapId] of JSON.parse(text) as UserTuple[]) {
        if (ldapId) state.rowOf.set(ldapId, state.users.length);
        state.users.push({ id, username, email, firstName: this.name(firstName), lastName: this.name(lastName), displayName, isAdmin, disabled, ldapId });
      }
    } else if (table === "local") {
      for (const [username, email] of JSON.parse(text) as [string, string | null][]) state.localUsers.push({ username, email });
    } else if (table === "groups") {
      for (const [id, name, friendlyName, ldapId] of JSON.parse(text) as [string, string, string, string | null][]) {
        state.groups.push({ id, name, friendlyName, ldapId });
      }
    } else if (table === "pairs") {
      for (const [groupId, userId] of JSON.parse(text) as [string, string][]) {
        let members = state.memberships.get(groupId);
        if (!members) state.memberships.set(groupId, (members = new Set()));
        members.add(userId);
      }
    } else {
      for (const [userId, key, value] of JSON.parse(text) as [string, string, string][]) {
        let claims = state.ldapClaims.get(userId);
        if (!claims) state.ldapClaims.set(userId, (claims = new Map()));
        claims.set(key, value);
      }
    }
  }

  /**
   * Points the entry's values at its row's equal strings (the entry's own copies become garbage
   * at once). Only memory changes: equal strings compare equal either way.
   */
  share(user: MappedUser): void {
    const r = this.state.rowOf.get(user.ldapId);
    if (r === undefined) return;
    const row = this.state.users[r];
    user.ldapId = row.ldapId!;
    if (user.username === row.username) user.username = row.username;
    if (user.email === row.email) user.email = row.email;
    if (user.firstName === row.firstName) user.firstName = row.firstName;
    if (user.lastName === row.lastName) user.lastName = row.lastName;
    if (user.displayName === row.displayName) user.displayName = row.displayName;
  }

  finish(): DbState {
    return this.state;
  }
}
