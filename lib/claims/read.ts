// Reading custom claims: what a token carries (effectiveClaims) and what the admin pages show.
import "server-only";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { groupCustomClaims, userGroups } from "@/lib/db/schema";
import { queryRows } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/helpers";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { groupIdSchema } from "@/lib/groups/schema";
import { userIdSchema } from "@/lib/users/schema";
import { resolveClaims, type ClaimEntry, type ResolvedClaim } from "./precedence";
import type { ClaimInput } from "./schema";

type ClaimRow = { key: string; value: string; kind: "user" | "ldap" | "group"; groupId: string | null; groupName: string | null };

/** Every claim that names the user: their own, from LDAP, and from each of their groups, as rows. */
export function claimRowsSql(userId: SQL | string): SQL {
  return sql`select c.key, c.value, case c.source when 'admin' then 'user' else 'ldap' end as kind, null::uuid as "groupId", null as "groupName"
        from user_custom_claims c where c.user_id = ${userId}
        union all
        select c.key, c.value, 'group', g.id, g.name
        from user_group_members m
        join group_custom_claims c on c.group_id = m.group_id
        join user_groups g on g.id = m.group_id
        where m.user_id = ${userId}`;
}

/** The same rows as one JSON array, for a column of a larger statement (lib/oidc/account.ts). */
export function claimRowsJsonSql(userId: SQL): SQL<ClaimRow[]> {
  return sql<ClaimRow[]>`coalesce((select json_agg(r) from (${claimRowsSql(userId)}) r), '[]'::json)`;
}

function toEntries(rows: readonly ClaimRow[]): ClaimEntry[] {
  return rows.map(({ key, value, kind, groupId, groupName }) => ({
    key,
    value,
    origin: kind === "group" ? { kind, groupId: groupId!, groupName: groupName! } : { kind },
  }));
}

async function claimEntries(userId: string, db: Queryable): Promise<ClaimEntry[]> {
  return toEntries(await queryRows<ClaimRow>(db, claimRowsSql(userId)));
}

/** The custom claims an application receives for the user (profile scope), precedence applied. */
export function effectiveClaims(rows: readonly ClaimRow[]): Record<string, string> {
  return resolveClaims(toEntries(rows)).claims;
}

export interface UserClaimsView {
  /** The administrator's claims, for the editor. */
  own: ClaimInput[];
  /** Every claim in precedence order, each marked effective or overridden. */
  entries: ResolvedClaim[];
}

/** The user page's Custom claims card. */
export async function getUserClaims(userId: string, ctx: AppContext): Promise<UserClaimsView> {
  requireAdmin(ctx);
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError("User not found.");
  const { entries } = resolveClaims(await claimEntries(userId, ctx.db));
  const own = entries.filter((entry) => entry.origin.kind === "user").map(({ key, value }) => ({ key, value }));
  return { own, entries };
}

/** The group page's Custom claims card. */
export async function getGroupClaims(groupId: string, ctx: AppContext): Promise<ClaimInput[]> {
  requireAdmin(ctx);
  if (!groupIdSchema.safeParse(groupId).success) throw new NotFoundError("Group not found.");
  const [group] = await ctx.db.select({ id: userGroups.id }).from(userGroups).where(eq(userGroups.id, groupId));
  if (!group) throw new NotFoundError("Group not found.");
  return ctx.db
    .select({ key: groupCustomClaims.key, value: groupCustomClaims.value })
    .from(groupCustomClaims)
    .where(eq(groupCustomClaims.groupId, groupId))
    .orderBy(asc(groupCustomClaims.key));
}
