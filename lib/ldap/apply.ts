// Writes a plan in ONE transaction with a handful of set-based statements: new users arrive by
// COPY, other rows as one jsonb parameter per chunk (`jsonb_to_recordset`) or as uuid arrays,
// never one query per entry.
// Statements run only for non-empty lists, so an empty plan writes nothing (audit rows included).
// Each changed user or group gets one audit row (./apply-audit.ts), not counted as a written row. Every statement that
// touches users or groups also requires ldap_id, so local rows can never be changed by a sync.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { dropSecondaryIndexes, restoreIndexes } from "@/lib/db/bulk-indexes";
import { execute, type Db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/helpers";
import { copyData } from "@/lib/db/copy";
import type { UserPlan, UserRow } from "./diff";
import type { ReadyPicture } from "./pictures";
import type { GroupPlan, MembershipPlan } from "./diff-groups";
import type { GroupRow } from "./diff";
import type { ClaimPlan } from "./diff-claims";
import { CREATED_AUDIT_COLUMNS, NEW_USER_COLUMNS, encodeNewUsers, type NewUsers } from "./new-users";
import { auditClaimChanges, auditFromRecords, auditMembershipChanges, auditRowsByIds, auditUserUpdates, membershipChangeRecords } from "./apply-audit";

/** Rows per statement: bounds the size of one jsonb parameter (~1 MB) on huge directories. */
export const CHUNK_ROWS = 5_000;
/** Picture bytes per statement (base64 in jsonb). */
const CHUNK_PICTURE_BYTES = 8 * 1024 * 1024;

export interface WritePlan {
  users: UserPlan;
  groups: GroupPlan;
  memberships: MembershipPlan;
  /** The changed pictures of users.pictures.upsert, downloaded and re-encoded (lib/ldap/pictures.ts). */
  pictures: ReadyPicture[];
  claims: ClaimPlan;
  /** users.insert as COPY text, when the sync's thread encoded it (users.insert is then empty): ./new-users.ts */
  newUsers?: NewUsers;
  /** Drop the secondary indexes of users and memberships for the inserts (see isBulkLoad in ./reconcile.ts, lib/db/bulk-indexes.ts). */
  bulkLoad: boolean;
}

const BULK_LOAD_TABLES = ["users", "user_group_members"];

function chunks<T>(items: readonly T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function pictureChunks(pictures: readonly ReadyPicture[]): ReadyPicture[][] {
  const out: ReadyPicture[][] = [];
  let current: ReadyPicture[] = [];
  let bytes = 0;
  for (const picture of pictures) {
    const size = picture.small.length + picture.large.length;
    if (current.length && (bytes + size > CHUNK_PICTURE_BYTES || current.length >= CHUNK_ROWS)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(picture);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

const json = (rows: unknown) => sql`${JSON.stringify(rows)}::jsonb`;
const uuids = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

const userRecord = (rows: readonly UserRow[]) =>
  json(rows.map((r) => ({ id: r.id, ldap_id: r.ldapId, username: r.username, email: r.email, first_name: r.firstName, last_name: r.lastName, display_name: r.displayName, is_admin: r.isAdmin, disabled: r.disabled })));
const USER_COLUMNS = sql.raw(
  "r(id uuid, ldap_id text, username text, email text, first_name text, last_name text, display_name text, is_admin boolean, disabled boolean)",
);
const groupRecord = (rows: readonly GroupRow[]) => json(rows.map((r) => ({ id: r.id, ldap_id: r.ldapId, name: r.name, friendly_name: r.friendlyName })));
const GROUP_COLUMNS = sql.raw("r(id uuid, ldap_id text, name text, friendly_name text)");

/** One write: a statement, or a COPY. Resolves to the rows it wrote. */
type Step = SQL | ((tx: Tx) => Promise<number>);

/** An audit statement or COPY: its rows are history, not part of the sync's written-row count. */
const audit = (write: SQL | ((tx: Tx) => Promise<number>)): Step => (tx) => (typeof write === "function" ? write(tx) : execute(tx, write)).then(() => 0);

/**
 * The steps of a plan, in dependency order (deletes free names before renames and inserts). A
 * generator: each statement (and its jsonb text) is built just before it runs, so a million-row
 * plan never holds all its statements at once.
 */
function* steps(plan: WritePlan, jobRunId: string | null): Generator<Step> {
  const { users, groups, memberships, claims } = plan;
  const newUsers = plan.newUsers ?? encodeNewUsers(users.insert, jobRunId);
  for (const ids of chunks(users.remove)) yield audit(auditRowsByIds("user.deleted", uuids(ids), jobRunId));
  for (const ids of chunks(groups.remove)) yield audit(auditRowsByIds("group.deleted", uuids(ids), jobRunId));
  for (const ids of chunks(users.disable)) yield audit(auditRowsByIds("user.disabled", uuids(ids), jobRunId));
  for (const rows of chunks(users.update)) yield audit(auditUserUpdates(userRecord(rows), USER_COLUMNS, jobRunId));
  if (newUsers.audit.rows) yield audit((tx) => copyData(tx, "audit_log", CREATED_AUDIT_COLUMNS, newUsers.audit));
  for (const rows of chunks(groups.update)) yield audit(auditFromRecords("group.updated", groupRecord(rows), GROUP_COLUMNS, jobRunId));
  for (const rows of chunks(groups.insert)) yield audit(auditFromRecords("group.created", groupRecord(rows), GROUP_COLUMNS, jobRunId));
  for (const rows of chunks(claims.changedUsers)) yield audit(auditClaimChanges(json(rows), jobRunId));
  for (const ids of chunks(users.remove)) yield sql`delete from users where id = any(${uuids(ids)}) and ldap_id is not null`;
  for (const ids of chunks(groups.remove)) yield sql`delete from user_groups where id = any(${uuids(ids)}) and ldap_id is not null`;
  // Swapped usernames/e-mails/names: park the old value under a placeholder no real name can equal.
  for (const ids of chunks(users.release)) {
    yield sql`update users set username = '~sync~' || id::text, email = null where id = any(${uuids(ids)}) and ldap_id is not null`;
  }
  for (const ids of chunks(groups.release)) {
    yield sql`update user_groups set name = '~sync~' || id::text where id = any(${uuids(ids)}) and ldap_id is not null`;
  }
  for (const ids of chunks(users.disable)) {
    yield sql`update users set disabled = true, updated_at = now() where id = any(${uuids(ids)}) and ldap_id is not null and not disabled`;
  }
  // A user the sync disables loses their OpenID Connect grants, sessions and tokens at once.
  for (const ids of chunks(users.disable)) yield sql`delete from oidc_payloads where account_id = any(${uuids(ids)})`;
  const disabledByUpdate = users.update.filter((r) => r.disabled).map((r) => r.id);
  for (const ids of chunks(disabledByUpdate)) yield sql`delete from oidc_payloads where account_id = any(${uuids(ids)})`;
  for (const rows of chunks(users.update)) {
    yield sql`update users u set username = r.username, email = r.email, first_name = r.first_name, last_name = r.last_name,
                   display_name = r.display_name, is_admin = r.is_admin, disabled = r.disabled, updated_at = now()
                 from jsonb_to_recordset(${userRecord(rows)}) as ${USER_COLUMNS}
                 where u.id = r.id and u.ldap_id = r.ldap_id`;
  }
  // A disabled user's unused login links must not work once the account is enabled again.
  const disabledIds = [...users.disable, ...users.update.filter((r) => r.disabled).map((r) => r.id)];
  for (const ids of chunks(disabledIds)) {
    yield sql`delete from one_time_access_tokens t using users u
                 where t.user_id = u.id and u.id = any(${uuids(ids)}) and u.disabled and t.used_at is null`;
  }
  if (newUsers.rows.rows) yield (tx) => copyData(tx, "users", NEW_USER_COLUMNS, newUsers.rows);
  for (const ids of chunks(users.pictures.remove)) {
    yield sql`delete from user_profile_pictures p using users u where p.user_id = u.id and u.ldap_id is not null and p.user_id = any(${uuids(ids)})`;
  }
  for (const rows of pictureChunks(plan.pictures)) {
    const records = rows.map((p) => ({
      user_id: p.userId, small: p.small.toString("base64"), large: p.large.toString("base64"), etag: p.etag, public_token: p.publicToken, url: p.url, source_hash: p.sourceHash,
    }));
    // Joined to users so a picture only lands on an LDAP user's row.
    yield sql`insert into user_profile_pictures (user_id, small, large, etag, public_token, url, source_hash, updated_at)
                 select r.user_id, decode(r.small, 'base64'), decode(r.large, 'base64'), r.etag, r.public_token, r.url, r.source_hash, now()
                 from jsonb_to_recordset(${json(records)}) as r(user_id uuid, small text, large text, etag text, public_token text, url text, source_hash text)
                 join users u on u.id = r.user_id and u.ldap_id is not null
                 on conflict (user_id) do update set small = excluded.small, large = excluded.large, etag = excluded.etag,
                   public_token = excluded.public_token, url = excluded.url, source_hash = excluded.source_hash, updated_at = excluded.updated_at`;
  }
  // Claims after the users they belong to exist; only LDAP users' claims, only the sync's own.
  for (const rows of chunks(claims.remove)) {
    yield sql`delete from user_custom_claims c using jsonb_to_recordset(${json(rows.map((r) => ({ user_id: r.userId, key: r.key })))}) as r(user_id uuid, key text), users u
                 where c.user_id = r.user_id and c.key = r.key and c.source = 'ldap' and u.id = c.user_id and u.ldap_id is not null`;
  }
  for (const rows of chunks(claims.upsert)) {
    yield sql`insert into user_custom_claims (user_id, source, key, value)
                 select r.user_id, 'ldap', r.key, r.value
                 from jsonb_to_recordset(${json(rows.map((r) => ({ user_id: r.userId, key: r.key, value: r.value })))}) as r(user_id uuid, key text, value text)
                 join users u on u.id = r.user_id and u.ldap_id is not null
                 on conflict (user_id, source, key) do update set value = excluded.value, updated_at = now()`;
  }
  for (const rows of chunks(groups.update)) {
    yield sql`update user_groups g set name = r.name, friendly_name = r.friendly_name, updated_at = now()
                 from jsonb_to_recordset(${groupRecord(rows)}) as ${GROUP_COLUMNS}
                 where g.id = r.id and g.ldap_id = r.ldap_id`;
  }
  for (const rows of chunks(groups.insert)) {
    yield sql`insert into user_groups (id, ldap_id, name, friendly_name)
                 select r.id, r.ldap_id, r.name, r.friendly_name from jsonb_to_recordset(${groupRecord(rows)}) as ${GROUP_COLUMNS}`;
  }
  for (const pairs of chunks(memberships.remove, CHUNK_ROWS * 4)) {
    yield sql`delete from user_group_members m
                 using unnest(${uuids(pairs.map((p) => p[0]))}, ${uuids(pairs.map((p) => p[1]))}) as r(user_id, group_id)
                 where m.user_id = r.user_id and m.group_id = r.group_id`;
  }
  for (const pairs of chunks(memberships.add, CHUNK_ROWS * 4)) {
    yield sql`insert into user_group_members (user_id, group_id)
                 select * from unnest(${uuids(pairs.map((p) => p[0]))}, ${uuids(pairs.map((p) => p[1]))})
                 on conflict do nothing`;
  }
  const membershipRecords = membershipChangeRecords(memberships.add, memberships.remove);
  for (const rows of chunks(membershipRecords)) yield audit(auditMembershipChanges(json(rows), jobRunId));
}

/**
 * Applies the plan atomically; returns the number of rows written (0 for an empty plan, with no
 * statement run). `jobRunId` is the sync run the audit rows name.
 */
export async function applyPlan(db: Db, plan: WritePlan, jobRunId: string | null = null): Promise<number> {
  const list = steps(plan, jobRunId);
  const first = list.next();
  if (first.done) return 0;
  return db.transaction(async (tx) => {
    // Waiting for a long reader of users must not hold the sync forever: fail, change nothing.
    if (plan.bulkLoad) await tx.execute(sql`set local lock_timeout = '30s'`);
    const dropped = plan.bulkLoad ? await dropSecondaryIndexes(tx, BULK_LOAD_TABLES) : [];
    let written = 0;
    for (let next: IteratorResult<Step> = first; !next.done; next = list.next()) {
      const step = next.value;
      written += typeof step === "function" ? await step(tx) : await execute(tx, step);
    }
    await restoreIndexes(tx, dropped);
    return written;
  });
}
