// The database side of the diff: every LDAP user, the username and e-mail of every local user,
// every group, the memberships of LDAP groups and the claims earlier syncs mapped from LDAP. Each
// table arrives as json texts (users in parts of USERS_PER_PART rows) that PostgreSQL builds while
// the directory streams in; the sync's worker thread parses them (lib/ldap/db-state.ts), so no
// per-row driver work runs on the main thread (docs/performance.md).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import { USERS_PER_PART, type DbStatePart } from "./db-state";

async function jsonTuples(db: Db, columns: SQL, from: SQL): Promise<string> {
  const [row] = await queryRows<{ tuples: string }>(db, sql`select coalesce(json_agg(json_build_array(${columns})), '[]')::text as tuples ${from}`);
  return row.tuples;
}

/** LDAP users `perPart` at a time in id order (keyset), each part sent as soon as it is read. */
async function readLdapUsers(db: Db, send: (part: DbStatePart) => void, perPart: number): Promise<void> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const [row] = await queryRows<{ tuples: string; rows: number; last: string | null }>(
      db,
      sql`with part as (select id, username, email, first_name, last_name, display_name, is_admin, disabled, ldap_id
                        from users where id > ${after}::uuid and ldap_id is not null order by id limit ${perPart})
          select coalesce(json_agg(json_build_array(id, username, email, first_name, last_name, display_name, is_admin, disabled, ldap_id)), '[]')::text as tuples,
                 count(*)::int as rows, (select id::text from part order by id desc limit 1) as last
          from part`,
    );
    send({ table: "users", text: row.tuples });
    if (row.rows < perPart || !row.last) return;
    after = row.last;
  }
}

/**
 * Local users as the username and e-mail an entry could collide with — on a server with many local
 * users most of the rows, so they are read in heap order (block ranges of about `perPart` rows):
 * an index walk in id order costs ten times as much, in random heap reads. A row a concurrent
 * update moves may be missed, as a user created meanwhile is: the write then fails on the unique
 * index and changes nothing (lib/ldap/apply.test.ts).
 */
async function readLocalUsers(db: Db, send: (part: DbStatePart) => void, perPart: number): Promise<void> {
  const [size] = await queryRows<{ blocks: number; perBlock: number }>(
    db,
    sql`select (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as blocks,
               greatest(1, ceil(c.reltuples / greatest(c.relpages, 1)))::int as "perBlock"
        from pg_class c where c.oid = 'users'::regclass`,
  );
  const blocksPerPart = Math.max(1, Math.floor(perPart / size.perBlock));
  for (let from = 0; ; from += blocksPerPart) {
    const last = from + blocksPerPart >= size.blocks; // open-ended: also the blocks added meanwhile
    const [row] = await queryRows<{ tuples: string }>(
      db,
      sql`select coalesce(json_agg(json_build_array(username, email)), '[]')::text as tuples from users
          where ldap_id is null and ctid >= ${`(${from},0)`}::tid ${last ? sql`` : sql`and ctid < ${`(${from + blocksPerPart},0)`}::tid`}`,
    );
    send({ table: "local", text: row.tuples });
    if (last) return;
  }
}

/**
 * Reads the state, sending each part as it arrives; the database does the work while the
 * directory streams in. Resolves once everything was sent.
 */
export async function readDbState(db: Db, send: (part: DbStatePart) => void, usersPerPart = USERS_PER_PART): Promise<void> {
  const table = (name: DbStatePart["table"], columns: SQL, from: SQL) => jsonTuples(db, columns, from).then((text) => send({ table: name, text }));
  await Promise.all([
    readLdapUsers(db, send, usersPerPart),
    readLocalUsers(db, send, usersPerPart),
    table("groups", sql`id, name, friendly_name, ldap_id`, sql`from user_groups`),
    table("pairs", sql`m.group_id, m.user_id`, sql`from user_group_members m join user_groups g on g.id = m.group_id where g.ldap_id is not null`),
    table("claims", sql`user_id, key, value`, sql`from user_custom_claims where source = 'ldap'`),
  ]);
}

/**
 * The version of the state readDbState reads: the number of statements that have written users,
 * groups, memberships or custom claims (counted by triggers, migration 0013). Read before the
 * state, so a state kept under this version is at least as new as it.
 */
export async function readStateVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ version: string }>(db, sql`select coalesce(sum(changes), 0)::text as version from sync_state_changes`);
  return row.version;
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
