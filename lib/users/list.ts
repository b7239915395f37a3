// The admin users list: search, sort and pagination that stay index-backed at 100,000+ users.
// Every ORDER BY and WHERE below matches an index in lib/db/schema/users.ts expression for expression.
import "server-only";
import { and, asc, desc, eq, notExists, or, sql, type SQL } from "drizzle-orm";
import { userGroupMembers, userProfilePictures, users, type UserProfile } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { parseInput } from "@/lib/validation";
import { escapeLike, type Tx } from "@/lib/db/helpers";
import { queryRows } from "@/lib/db/client";
import { filteredCountSql, userFilterCondition, type UserFilters } from "./list-filters";
import { userPickerQuerySchema, userListQuerySchema, type UserPickerQuery, type SortDirection, type UserListQuery, type UserSort } from "./schema";

/**
 * Searches count at most this many matches: counting every match of a term found in most rows costs a
 * scan of the table, and nobody pages past 50 pages of search results (the UI says "1,000+").
 */
export const SEARCH_COUNT_LIMIT = 1000;
export const PICKER_LIMIT = 10;

/** Exactly the expression of the users_search_trgm_idx GIN index, so `LIKE '%term%'` uses it. */
export const userSearchDocument = sql`lower(${users.username} || ' ' || coalesce(${users.email}, '') || ' ' || ${users.firstName} || ' ' || ${users.lastName} || ' ' || ${users.displayName})`;

/** Characters that start a new word in the search document (pg_trgm treats them as word breaks). */
const WORD_BREAKS = [" ", "@", ".", "-", "_"];

/**
 * Terms of three or more characters match anywhere (a trigram index scan). Shorter terms have no
 * trigram of their own, so they match the start of a word (username, e-mail parts, names): each
 * alternative carries the word-start trigram pg_trgm indexes, so rare short terms stay index-backed.
 * A short term without a letter or digit (e.g. "@") has no trigram at all and matches anywhere.
 */
export function searchCondition(document: SQL, q: string): SQL | undefined {
  if (!q) return undefined;
  const term = escapeLike(q);
  if ([...q].length >= 3 || !/[\p{L}\p{N}]/u.test(q)) return sql`${document} like lower(${`%${term}%`})`;
  const patterns = [`${term}%`, ...WORD_BREAKS.map((separator) => `%${escapeLike(separator)}${term}%`)];
  return or(...patterns.map((pattern) => sql`${document} like lower(${pattern})`));
}

export function userSearchCondition(q: string): SQL | undefined {
  return searchCondition(userSearchDocument, q);
}

/** Who the user is: the columns every view of a user starts from (lists, tokens). */
export const userProfileColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  displayName: users.displayName,
};

export const userListColumns = {
  ...userProfileColumns,
  isAdmin: users.isAdmin,
  disabled: users.disabled,
  ldapId: users.ldapId,
  createdAt: users.createdAt,
  // The picture's version for the avatar's URL: a primary-key probe per row shown, no image bytes read.
  pictureEtag: sql<string | null>`(select ${userProfilePictures.etag} from ${userProfilePictures} where ${userProfilePictures.userId} = ${users.id})`.as("picture_etag"),
};

export type UserListItem = UserProfile & { createdAt: Date; pictureEtag: string | null };

type SortColumns = Pick<typeof userListColumns, "id" | "username" | "email" | "displayName" | "createdAt">;

// Each ordering is the key of a covering index (lib/db/schema/users.ts): lower(username) is unique; the
// others end in id, for users without e-mail and for equal names and creation times.
const ORDERINGS: Record<UserSort, (columns: SortColumns) => (SQL | SortColumns[keyof SortColumns])[]> = {
  username: (c) => [sql`lower(${c.username})`],
  name: (c) => [sql`lower(${c.displayName})`, c.id],
  email: (c) => [sql`lower(${c.email})`, c.id],
  created: (c) => [c.createdAt, c.id],
};

/**
 * One page of the list. Without a search it is read in two steps: the page's ids come from walking
 * the sort's covering index past OFFSET entries (an index-only scan: the skipped users are never read
 * from the table), then only those rows are fetched. A deep page at 100,000 users costs a walk over
 * a narrow index instead of 50,000 table reads. Index-only scans rely on the visibility map, which
 * VACUUM keeps current (see the Performance notes in the README).
 *
 * `matchesFirst` (a search with few matches) collects the matches through the trigram index and
 * sorts them: without it PostgreSQL, over-estimating how many rows a term matches, may walk a sort
 * index hoping to meet a page of matches early, and read the whole table when the term matches fewer
 * rows than a page.
 */
interface RowsQueryOptions {
  q: string;
  filters?: UserFilters;
  sort: UserSort;
  dir: SortDirection;
  offset: number;
  limit: number;
  matchesFirst?: boolean;
}

export function userRowsQuery(
  db: Db | Tx,
  { q, filters = {}, sort, dir, offset, limit, matchesFirst = false }: RowsQueryOptions,
) {
  const order = dir === "asc" ? asc : desc;
  const ordering = (columns: SortColumns) => ORDERINGS[sort](columns).map((column) => order(column));
  const search = userSearchCondition(q);
  const condition = and(search, userFilterCondition(filters));
  if (matchesFirst && search) {
    // The LIMIT (never reached: there are at most SEARCH_COUNT_LIMIT matches here) keeps PostgreSQL
    // from merging the subquery into the sorted outer query.
    const matches = db.select(userListColumns).from(users).where(condition).limit(SEARCH_COUNT_LIMIT + 1).as("matches");
    return (
      db
        .select()
        .from(matches)
        // The subquery's fields are the same columns under its alias; drizzle only types them differently.
        .orderBy(...ordering(matches as unknown as SortColumns))
        .limit(limit)
        .offset(offset)
    );
  }
  // A search matching more than SEARCH_COUNT_LIMIT users reads at most 50 pages, so its walk is short.
  const pageIds = db.select({ id: users.id }).from(users).where(condition).orderBy(...ordering(users)).limit(limit).offset(offset).as("page_ids");
  return db.select(userListColumns).from(users).innerJoin(pageIds, eq(users.id, pageIds.id)).orderBy(...ordering(users));
}

/**
 * Exact count without a search (filtered: see filteredCountSql); with one, at most
 * SEARCH_COUNT_LIMIT + 1 (so "more than" is known), the filters narrowing the matches.
 */
export function userCountQuery(q: string, filters: UserFilters = {}): SQL {
  const search = userSearchCondition(q);
  if (!search) return filteredCountSql(filters);
  return sql`select count(*)::int as total from (select 1 from ${users} where ${and(search, userFilterCondition(filters))} limit ${SEARCH_COUNT_LIMIT + 1}) as matches`;
}

export async function countUsers(db: Db | Tx, q: string, filters: UserFilters = {}): Promise<number> {
  const [{ total }] = await queryRows<{ total: number }>(db, userCountQuery(q, filters));
  return Number(total);
}

export interface PageWindow {
  page: number;
  pageCount: number;
  offset: number;
  limit: number;
  /** Read the page from the other end of the index and reverse it: deep pages scan at most half the table. */
  reversed: boolean;
}

/** Where the requested page lies, clamped to the last page. `total` is exact unless `capped`. */
export function pageWindow(page: number, pageSize: number, total: number, capped: boolean): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  const offset = (current - 1) * pageSize;
  if (capped || offset <= total / 2) return { page: current, pageCount, offset, limit: pageSize, reversed: false };
  const remaining = total - offset;
  return { page: current, pageCount, offset: Math.max(0, remaining - pageSize), limit: Math.min(pageSize, remaining), reversed: true };
}

export interface UserListPage extends UserListQuery {
  items: UserListItem[];
  /** Exact number of users (or matches), or SEARCH_COUNT_LIMIT when `totalCapped`. */
  total: number;
  totalCapped: boolean;
  pageCount: number;
}

/** Resolves the count and the page window: shared by listUsers and the EXPLAIN report. */
export async function planUserList(query: UserListQuery, db: Db | Tx) {
  const counted = await countUsers(db, query.q, query);
  const capped = query.q !== "" && counted > SEARCH_COUNT_LIMIT;
  const total = capped ? SEARCH_COUNT_LIMIT : counted;
  const window = pageWindow(query.page, query.pageSize, total, capped);
  const dir: SortDirection = window.reversed ? (query.dir === "asc" ? "desc" : "asc") : query.dir;
  const { offset, limit } = window;
  const rows = userRowsQuery(db, { q: query.q, filters: query, sort: query.sort, dir, offset, limit, matchesFirst: query.q !== "" && !capped });
  return { total, capped, window, rows };
}

/**
 * Runs read queries whose best plan depends on the search term. postgres.js prepares statements, and
 * after five runs PostgreSQL may switch to a generic plan that ignores the term (an index walk over
 * the whole table for a rare term); forcing custom plans keeps every search on its best plan. One
 * read-only transaction also gives the count and the page the same snapshot.
 */
export function withTermPlans<T>(db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
      return body(tx);
    },
    { accessMode: "read only" },
  );
}

export async function listUsers(input: Partial<UserListQuery>, ctx: AppContext): Promise<UserListPage> {
  requireAdmin(ctx);
  const query = parseInput(userListQuerySchema, input);
  return withTermPlans(ctx.db, async (tx) => {
    const { total, capped, window, rows } = await planUserList(query, tx);
    const items = await rows;
    if (window.reversed) items.reverse();
    return { ...query, page: window.page, pageCount: window.pageCount, items, total, totalCapped: capped };
  });
}

export type PickerUser = Pick<UserListItem, "id" | "username" | "email" | "displayName" | "ldapId" | "disabled">;

/** A few users matching `q` for the add-members picker, optionally leaving out a group's members. */
export async function searchUsersForPicker(input: Partial<UserPickerQuery>, ctx: AppContext): Promise<PickerUser[]> {
  requireAdmin(ctx);
  const { q, excludeGroupId } = parseInput(userPickerQuerySchema, input);
  const notMember = excludeGroupId
    ? notExists(
        ctx.db
          .select({ one: sql`1` })
          .from(userGroupMembers)
          .where(sql`${userGroupMembers.groupId} = ${excludeGroupId} and ${userGroupMembers.userId} = ${users.id}`),
      )
    : undefined;
  return ctx.db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      displayName: users.displayName,
      ldapId: users.ldapId,
      disabled: users.disabled,
    })
    .from(users)
    .where(and(userSearchCondition(q), notMember))
    .orderBy(sql`lower(${users.username})`)
    .limit(PICKER_LIMIT);
}
