// The database state the sync compares the directory with, parsed from the json texts
// lib/ldap/state.ts reads. Pure: it runs on the sync's worker thread, which loads no database code.
import "server-only";
import type { DbGroup, DbUser } from "./diff";

export interface DbState {
  users: DbUser[];
  groups: DbGroup[];
  /** group id → user ids, for LDAP groups only. */
  memberships: Map<string, Set<string>>;
  /** user id → claim name → value, of the claims the sync wrote (source 'ldap'). */
  ldapClaims: Map<string, Map<string, string>>;
}

/** The tables as json texts, not yet parsed. */
export interface DbStateTexts {
  users: string;
  groups: string;
  pairs: string;
  claims: string;
}
/** Parses the texts (on the sync's worker thread, lib/ldap/plan-thread.ts). */
export function loadDbState(json: DbStateTexts): DbState {
  type UserTuple = [string, string, string | null, string, string, string, boolean, boolean, string | null];
  const users = (JSON.parse(json.users) as UserTuple[]).map(
    ([id, username, email, firstName, lastName, displayName, isAdmin, disabled, ldapId]): DbUser => ({
      id, username, email, firstName, lastName, displayName, isAdmin, disabled, ldapId,
    }),
  );
  const groups = (JSON.parse(json.groups) as [string, string, string, string | null][]).map(
    ([id, name, friendlyName, ldapId]): DbGroup => ({ id, name, friendlyName, ldapId }),
  );
  const memberships = new Map<string, Set<string>>();
  for (const [groupId, userId] of JSON.parse(json.pairs) as [string, string][]) {
    let members = memberships.get(groupId);
    if (!members) memberships.set(groupId, (members = new Set()));
    members.add(userId);
  }
  const ldapClaims = new Map<string, Map<string, string>>();
  for (const [userId, key, value] of JSON.parse(json.claims) as [string, string, string][]) {
    let claims = ldapClaims.get(userId);
    if (!claims) ldapClaims.set(userId, (claims = new Map()));
    claims.set(key, value);
  }
  return { users, groups, memberships, ldapClaims };
}
