// Audit history of a large instance, in one set-based INSERT … SELECT from
// generate_series: `rows` rows spread evenly over the last 90 days (the default retention), drawn
// from the users the benchmark's sync created. Roughly what Pocket ID records:
//   55% passkey sign-ins, 5% login-link sign-ins, 5% failed sign-ins (anonymous, outcome failure),
//   28% the sync changing, creating, disabling, enabling users (system actor, with a run id),
//   4% three busy administrators (memberships, login links, deleted users; ~13,000 rows each per
//   million), 1% passkeys added, 1% sign-ins of 1,000 users deleted since (found by their recorded
//   name only), 1% sync runs and a few configuration saves.
import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/helpers";

/** Usernames the timings filter by; deleted users are `departed-<n>` for n below 1,000. */
export const DEPARTED_USER = "departed-42";

export async function seedAuditLog(db: Queryable, rows: number): Promise<void> {
  await db.execute(sql`
    with people as (select (row_number() over (order by id) - 1)::int as n, id, username from users),
    series as (
      select g, g % 100 as bucket, now() - make_interval(secs => g * 90 * 86400.0 / ${rows}::int) as at,
             ((g::bigint * 7919) % (select count(*) from people))::int as person, g % 3 as admin,
             md5('departed-' || (g / 100 % 1000))::uuid as departed_id, 'departed-' || (g / 100 % 1000) as departed_name
      from generate_series(1, ${rows}::int) as g),
    shaped as (
      select s.*, p.id as user_id, p.username, a.id as admin_id, a.username as admin_name,
        case when bucket < 55 then 'sign_in.passkey' when bucket < 60 then 'sign_in.login_link'
             when bucket < 65 then 'sign_in.failed' when bucket < 90 then 'user.updated'
             when bucket < 93 then (array['user.created', 'user.disabled', 'user.enabled'])[g % 3 + 1]
             when bucket < 95 then 'group.members_changed' when bucket = 95 then 'passkey.added'
             when bucket = 96 then 'login_link.created' when bucket = 97 then 'sign_in.passkey'
             when bucket = 98 then 'user.deleted' when g % 10000 = 99 then 'config.saved'
             else (array['ldap_sync.started', 'ldap_sync.finished'])[g % 2 + 1] end as event,
        case when bucket < 60 or bucket = 95 then 'self' when bucket < 65 then 'anonymous'
             when bucket < 93 or (bucket = 99 and g % 10000 <> 99) then 'system'
             when bucket = 97 then 'departed' else 'admin' end as actor
      from series s join people p on p.n = s.person join people a on a.n = s.admin)
    insert into audit_log (event, actor_user_id, actor_username, actor_kind, target_type, target_id, target_name,
                           at, client_address, user_agent, outcome, details, job_run_id)
    select event,
      case actor when 'self' then user_id when 'admin' then admin_id when 'departed' then departed_id end,
      case actor when 'self' then username when 'admin' then admin_name when 'departed' then departed_name end,
      case actor when 'anonymous' then 'anonymous' when 'system' then 'system' else 'user' end,
      case when event like 'ldap_sync.%' or event = 'config.saved' then null
           when event = 'group.members_changed' then 'group' else 'user' end,
      case when event like 'ldap_sync.%' or event = 'config.saved' or (event = 'sign_in.failed' and g % 2 = 0) then null
           when event = 'group.members_changed' then md5('group-' || (g / 100 % 500))::uuid::text
           when actor = 'departed' or event = 'user.deleted' then departed_id::text else user_id::text end,
      case when event like 'ldap_sync.%' or event = 'config.saved' then null
           when actor = 'departed' or event = 'user.deleted' then departed_name else username end,
      at,
      case when event like 'sign_in.%' then '198.51.100.' || (g % 250) end,
      case when event like 'sign_in.%' then 'Mozilla/5.0 (X11; Linux x86_64) Firefox/14' || (g % 10) end,
      case when event = 'sign_in.failed' then 'failure' else 'success' end,
      case when event = 'user.updated' then '{"changed": ["email", "displayName"]}'::jsonb
           when event = 'sign_in.failed' then '{"method": "passkey", "reason": "unknown_passkey"}'::jsonb else '{}'::jsonb end,
      case when actor = 'system' then md5('run-' || (g / 5000))::uuid end
    from shaped`);
  // What autovacuum does shortly after a large insert; the planner needs the statistics.
  await db.execute(sql`vacuum (analyze) audit_log`);
}
