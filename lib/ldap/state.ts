// The database side of the diff: every user (local ones only for their username and e-mail),
// every group, the memberships of LDAP groups and the claims earlier syncs mapped from LDAP. Each table arrives as ONE json text that
// PostgreSQL builds while the directory streams in; parsing it afterwards keeps the fetch loop
// free of per-row driver work and the heap small while entries are decoded (see README, Performance).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import type { DbGroup, DbUser } from "./diff";

export interface DbState {
  users: DbUser[];
  groups: DbGroup[];
  /** group id → user ids, for LDAP groups only. */
  memberships: Map<string, Set<string>>;
  /** user id → claim name → value, of the claims the sync wrote (source 'ldap'). */
  ldapClaims: Map<string, Map<string, string>>;
}

/** The three tables as json texts, not yet parsed. */
export type PendingDbState = Promise<{ users: string; groups: string; pairs: string; claims: string }>;

async function jsonTuples(db: Db, columns: SQL, from: SQL): Promise<string> {
  const [row] = await queryRows<{ tuples: string }>(db, sql`select coalesce(json_agg(json_build_array(${columns})), '[]')::text as tuples ${from}`);
  return row.tuples;
}

/** Starts reading the state; the database does the work while the caller goes on. */
export function readDbState(db: Db): PendingDbState {
  return Promise.all([
    jsonTuples(db, sql`id, username, email, first_name, last_name, display_name, is_admin, disabled, ldap_id`, sql`from users`),
    jsonTuples(db, sql`id, name, friendly_name, ldap_id`, sql`from user_groups`),
    jsonTuples(db, sql`m.group_id, m.user_id`, sql`from user_group_members m join user_groups g on g.id = m.group_id where g.ldap_id is not null`),
    jsonTuples(db, sql`user_id, key, value`, sql`from user_custom_claims where source = 'ldap'`),
  ]).then(([users, groups, pairs, claims]) => ({ users, groups, pairs, claims }));
}

export async function loadDbState(pending: PendingDbState): Promise<DbState> {
  const json = await pending;
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

/** sha256 of each LDAP user's stored picture source, by ldap id (read before fetching photos). */
export async function loadPictureHashes(db: Db): Promise<Map<string, string>> {
  const rows = await queryRows<{ ldapId: string; hash: string }>(
    db,
    sql`select u.ldap_id as "ldapId", p.source_hash as hash
        from user_profile_pictures p join users u on u.id = p.user_id
        where u.ldap_id is not null`,
  );
  return new Map(rows.map((row) => [row.ldapId, row.hash]));
}
