// The sync's audit rows: one INSERT ... SELECT per chunk of changed entities, in the sync's
// transaction, carrying the job run's id. Deletions and updates are recorded from the rows as they
// are before the write (so the statement runs first); nothing is recorded for an unchanged entity.
import "server-only";
import { sql, type SQL } from "drizzle-orm";

const AUDIT_COLUMNS = sql.raw("(event, actor_kind, target_type, target_id, target_name, details, job_run_id)");

const runId = (jobRunId: string | null) => sql`${jobRunId}::uuid`;

/** `user.deleted` / `user.disabled` (soft delete) / `group.deleted` for rows about to change. */
export function auditRowsByIds(
  event: "user.deleted" | "user.disabled" | "group.deleted",
  ids: SQL,
  jobRunId: string | null,
): SQL {
  if (event === "group.deleted") {
    return sql`insert into audit_log ${AUDIT_COLUMNS}
               select 'group.deleted', 'system', 'group', g.id::text, g.name, '{}'::jsonb, ${runId(jobRunId)}
               from user_groups g where g.id = any(${ids}) and g.ldap_id is not null`;
  }
  return sql`insert into audit_log ${AUDIT_COLUMNS}
             select ${event}, 'system', 'user', u.id::text, u.username, '{}'::jsonb, ${runId(jobRunId)}
             from users u where u.id = any(${ids}) and u.ldap_id is not null
             ${event === "user.disabled" ? sql`and not u.disabled` : sql``}`;
}

const CHANGED_USER_COLUMNS = sql.raw(`to_jsonb(array_remove(array[
  case when u.username is distinct from r.username then 'username' end,
  case when u.email is distinct from r.email then 'email' end,
  case when u.first_name is distinct from r.first_name then 'firstName' end,
  case when u.last_name is distinct from r.last_name then 'lastName' end,
  case when u.display_name is distinct from r.display_name then 'displayName' end,
  case when u.is_admin is distinct from r.is_admin then 'isAdmin' end], null))`);

/** Changed users (before the UPDATE): enabled, disabled, or updated with the changed columns' names. */
export function auditUserUpdates(records: SQL, columns: SQL, jobRunId: string | null): SQL {
  return sql`insert into audit_log ${AUDIT_COLUMNS}
             select case when r.disabled and not u.disabled then 'user.disabled'
                         when u.disabled and not r.disabled then 'user.enabled' else 'user.updated' end,
                    'system', 'user', r.id::text, r.username, jsonb_build_object('changed', ${CHANGED_USER_COLUMNS}), ${runId(jobRunId)}
             from jsonb_to_recordset(${records}) as ${columns}
             join users u on u.id = r.id and u.ldap_id = r.ldap_id`;
}

/** Created and updated groups, straight from the plan's records (created users come by COPY: ./new-users.ts). */
export function auditFromRecords(event: "group.created" | "group.updated", records: SQL, columns: SQL, jobRunId: string | null): SQL {
  return sql`insert into audit_log ${AUDIT_COLUMNS}
             select ${event}, 'system', 'group', r.id::text, r.name, '{}'::jsonb, ${runId(jobRunId)}
             from jsonb_to_recordset(${records}) as ${columns}`;
}

/** `user.claims_changed` for existing users whose LDAP-mapped claims changed: the claim names, never values. */
export function auditClaimChanges(records: SQL, jobRunId: string | null): SQL {
  return sql`insert into audit_log ${AUDIT_COLUMNS}
             select 'user.claims_changed', 'system', 'user', r.id::text, r.username, jsonb_build_object('changed', r.changed), ${runId(jobRunId)}
             from jsonb_to_recordset(${records}) as r(id uuid, username text, changed jsonb)`;
}

/** User ids listed per group and direction in a sync's membership row; the counts are always whole. */
export const AUDITED_MEMBERS_MAX = 100;

/** One `group.members_changed` record per group whose LDAP memberships the plan changes. */
export function membershipChangeRecords(add: ReadonlyArray<[string, string]>, remove: ReadonlyArray<[string, string]>) {
  type Change = { added: string[]; addedCount: number; removed: string[]; removedCount: number };
  const byGroup = new Map<string, Change>();
  const collect = (pairs: ReadonlyArray<[string, string]>, side: "added" | "removed") => {
    for (const [userId, groupId] of pairs) {
      let change = byGroup.get(groupId);
      if (!change) byGroup.set(groupId, (change = { added: [], addedCount: 0, removed: [], removedCount: 0 }));
      if (change[side].length < AUDITED_MEMBERS_MAX) change[side].push(userId);
      change[side === "added" ? "addedCount" : "removedCount"]++;
    }
  };
  collect(add, "added");
  collect(remove, "removed");
  return [...byGroup].map(([groupId, details]) => ({ group_id: groupId, details }));
}

/** `group.members_changed` rows for membershipChangeRecords (after the writes: new groups exist by then). */
export function auditMembershipChanges(records: SQL, jobRunId: string | null): SQL {
  return sql`insert into audit_log ${AUDIT_COLUMNS}
             select 'group.members_changed', 'system', 'group', g.id::text, g.name, r.details, ${runId(jobRunId)}
             from jsonb_to_recordset(${records}) as r(group_id uuid, details jsonb)
             join user_groups g on g.id = r.group_id`;
}
