// The database side of the diff: every user (local ones only for their username and e-mail),
// every group, and the memberships of LDAP groups. Read with a few plain queries.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import type { DbGroup, DbUser } from "./diff";

export interface DbState {
  users: DbUser[];
  groups: DbGroup[];
  /** group id → user ids, for LDAP groups only. */
  memberships: Map<string, Set<string>>;
}

export async function loadDbState(db: Db): Promise<DbState> {
  const [users, groups, pairs] = await Promise.all([
    queryRows<DbUser>(
      db,
      sql`select id, username, email, first_name as "firstName", last_name as "lastName", display_name as "displayName",
                 is_admin as "isAdmin", disabled, ldap_id as "ldapId"
          from users`,
    ),
    queryRows<DbGroup>(db, sql`select id, name, friendly_name as "friendlyName", ldap_id as "ldapId" from user_groups`),
    queryRows<{ groupId: string; userId: string }>(
      db,
      sql`select m.group_id as "groupId", m.user_id as "userId"
          from user_group_members m join user_groups g on g.id = m.group_id
          where g.ldap_id is not null`,
    ),
  ]);
  const memberships = new Map<string, Set<string>>();
  for (const { groupId, userId } of pairs) {
    let members = memberships.get(groupId);
    if (!members) memberships.set(groupId, (members = new Set()));
    members.add(userId);
  }
  return { users, groups, memberships };
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
