// Helpers for sync integration tests: a context whose settings point at a test slapd, and
// readable snapshots of the synced database state (rows, memberships, row versions).
import { sql } from "drizzle-orm";
import type { UserProfile } from "@/lib/db/schema";
import { readSettingsEnv } from "@/lib/config/env";
import type { AppContext } from "@/lib/context";
import { queryRows, type Db } from "@/lib/db/client";
import { ldapPreset } from "@/lib/config/presets";
import { FIXTURE } from "./fixtures";
import type { LdapTransport, SlapdServer } from "./slapd";

/**
 * Settings for syncing the fixture directory, as environment variables would give them: the
 * configuration page's OpenLDAP preset (without pictures), bound as the harness's reader.
 */
export function fixtureSyncEnv(server: SlapdServer, transport: LdapTransport = "ldap"): Record<string, string> {
  const { LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: _picture, ...openldap } = ldapPreset("openldap")!.values;
  return { ...server.env(transport), ...openldap, LDAP_ADMIN_GROUP_NAME: FIXTURE.adminGroup };
}

/** `ctx` with LDAP settings taken from `env` (parsed exactly as the environment would be). */
export function withLdapEnv(ctx: AppContext, env: Record<string, string>): AppContext {
  return { ...ctx, envSettings: readSettingsEnv(env) };
}

export type SyncedUser = Omit<UserProfile, "id" | "ldapId"> & { ldap: boolean };

export async function syncedUsers(db: Db): Promise<Map<string, SyncedUser & { id: string; ldapId: string | null }>> {
  const rows = await queryRows<SyncedUser & { id: string; ldapId: string | null }>(
    db,
    sql`select id, username, email, first_name as "firstName", last_name as "lastName", display_name as "displayName",
               is_admin as "isAdmin", disabled, ldap_id as "ldapId", ldap_id is not null as ldap
        from users order by lower(username)`,
  );
  return new Map(rows.map((row) => [row.username, row]));
}

/** Group name → sorted member usernames. */
export async function syncedGroups(db: Db): Promise<Record<string, string[]>> {
  const rows = await queryRows<{ name: string; members: string | null }>(
    db,
    sql`select g.name, string_agg(u.username, ',' order by u.username) as members
        from user_groups g left join user_group_members m on m.group_id = g.id left join users u on u.id = m.user_id
        group by g.id, g.name order by g.name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.members ? row.members.split(",") : []]));
}

/** Every row of the synced tables with its row version (xmin): equal before/after means nothing was written. */
export async function rowVersions(db: Db): Promise<string[]> {
  const rows = await queryRows<{ v: string }>(
    db,
    sql`select 'u:' || id::text || ':' || xmin::text as v from users
        union all select 'g:' || id::text || ':' || xmin::text from user_groups
        union all select 'm:' || user_id::text || group_id::text || ':' || xmin::text from user_group_members
        union all select 'p:' || user_id::text || ':' || xmin::text from user_profile_pictures
        union all select 'c:' || user_id::text || ':' || source || ':' || key || ':' || xmin::text from user_custom_claims
        order by 1`,
  );
  return rows.map((row) => row.v);
}

/** PostgreSQL's write counters for the synced tables, flushed for the calling backend first. */
export async function writeCounters(db: Db): Promise<number> {
  await queryRows(db, sql`select pg_stat_force_next_flush()`);
  const [row] = await queryRows<{ writes: string }>(
    db,
    sql`select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as writes from pg_stat_user_tables
        where relname in ('users', 'user_groups', 'user_group_members', 'user_profile_pictures', 'user_custom_claims')`,
  );
  return Number(row.writes);
}
