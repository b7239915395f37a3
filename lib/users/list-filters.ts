// The users list's filters: source (LDAP / local), status (active / disabled), role (administrator /
// user). Each splits users in two, one side usually small (local users next to a directory, disabled
// users, administrators): that side has a partial index (migration 0008_profile_pictures_and_list_filters), and the
// sort indexes carry all three columns, so a filtered page is read index-only either way.
import "server-only";
import { and, eq, not, sql, type SQL } from "drizzle-orm";
import { userCounts, users } from "@/lib/db/schema";
import type { UserListQuery } from "./schema";

export type UserFilters = Pick<UserListQuery, "source" | "status" | "role">;

/** Per filter: the value that selects the rare side, and that side's condition (a partial index's predicate). */
const RARE_SIDES = {
  source: { value: "local", condition: sql`${users.ldapId} is null` },
  status: { value: "disabled", condition: sql`${users.disabled}` },
  role: { value: "admin", condition: sql`${users.isAdmin}` },
} as const;

/** The WHERE condition of the filters (undefined: none): each asks for its rare side or the other one. */
export function userFilterCondition(filters: UserFilters): SQL | undefined {
  const conditions = (Object.keys(RARE_SIDES) as (keyof UserFilters)[]).flatMap((key) => {
    const { value, condition } = RARE_SIDES[key];
    if (!filters[key]) return [];
    return [filters[key] === value ? condition : not(condition)];
  });
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * The exact number of users the filters select: a sum over the few rows of user_counts, which
 * triggers on users keep (migration 0012_user_counts), so it costs the same at any table size.
 */
export function filteredCountSql(filters: UserFilters): SQL {
  const where = and(
    filters.source ? eq(userCounts.isLdap, filters.source === "ldap") : undefined,
    filters.status ? eq(userCounts.disabled, filters.status === "disabled") : undefined,
    filters.role ? eq(userCounts.isAdmin, filters.role === "admin") : undefined,
  );
  return sql`select coalesce(sum(${userCounts.delta}), 0)::int as total from ${userCounts}${where ? sql` where ${where}` : sql``}`;
}
