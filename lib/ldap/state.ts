// The database side of the diff: every user (local ones only for their username and e-mail),
// every group, the memberships of LDAP groups and the claims earlier syncs mapped from LDAP. Each table arrives as ONE json text that
// PostgreSQL builds while the directory streams in; the sync's worker thread parses it
// (lib/ldap/db-state.ts), so no per-row driver work competes with decoding (docs/performance.md).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import type { DbStateTexts } from "./db-state";

export type PendingDbState = Promise<DbStateTexts>;

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
