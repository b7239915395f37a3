// EXPLAIN ANALYZE of the users list queries exactly as listUsers builds them, for the benchmark and
// for anyone checking that listing, searching and sorting stay index-backed on a large table.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { queryRows } from "@/lib/db/client";
import { explainAnalyze } from "@/lib/db/explain";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { countUsers, planUserList, userCountQuery } from "./list";
import { userListQuerySchema, type UserListQuery } from "./schema";

export interface ExplainedQuery {
  /** What the query serves, e.g. "page 1 sorted by username". */
  name: string;
  query: UserListQuery;
  /** The text plan of EXPLAIN (ANALYZE, BUFFERS). */
  plan: string;
  /** Server-side execution time reported by EXPLAIN ANALYZE, in milliseconds. */
  executionMs: number;
  planningMs: number;
  /**
   * True when the plan has a sequential scan of users. Under a LIMIT (capped search counts, pages of a
   * search matching most users) it stops early; look at the plan's row counts and the time.
   */
  seqScan: boolean;
  /**
   * Table rows an index-only scan had to read to check visibility: 0 while the visibility map is
   * current (VACUUM), up to the number of rows walked when the table was just bulk-written.
   */
  heapFetches: number;
}

async function explain(ctx: AppContext, query: SQLWrapper): Promise<Omit<ExplainedQuery, "name" | "query">> {
  const { plan, executionMs, planningMs, seqScans, heapFetches } = await explainAnalyze(ctx.db, query);
  return { plan, executionMs, planningMs, seqScan: seqScans.includes("users"), heapFetches };
}

/** A term that exists in the data: the username in the middle of the sort order (or "a" on an empty table). */
async function sampleTerm(ctx: AppContext): Promise<string> {
  const [row] = await queryRows<{ username: string }>(
    ctx.db,
    sql`select ${users.username} as username from ${users} order by lower(${users.username}) offset (select count(*) / 2 from ${users}) limit 1` as SQL,
  );
  return row?.username ?? "a";
}

/**
 * Plans of the count and rows queries for: the first page in every sort order, the deepest page the
 * list reads in every sort order (the middle: later pages are read backwards; each should be an
 * Index Only Scan with few heap fetches), a search, a search matching nearly every user, and a deep
 * search page. `searchTerm` defaults to an existing username.
 */
export async function explainUserListQueries(ctx: AppContext, options: { searchTerm?: string } = {}): Promise<ExplainedQuery[]> {
  requireAdmin(ctx);
  const term = options.searchTerm ?? (await sampleTerm(ctx));
  const total = await countUsers(ctx.db, "");
  const middlePage = Math.max(1, Math.ceil(total / 2 / 20));
  const cases: [string, Partial<UserListQuery>][] = [
    ["page 1 by username", {}],
    ["page 1 by name, descending", { sort: "name", dir: "desc" }],
    ["page 1 by email", { sort: "email" }],
    ["page 1 by created, descending", { sort: "created", dir: "desc" }],
    [`middle page (${middlePage}) by username`, { page: middlePage }],
    [`middle page (${middlePage}) by email`, { page: middlePage, sort: "email" }],
    [`middle page (${middlePage}) by name`, { page: middlePage, sort: "name" }],
    [`middle page (${middlePage}) by created`, { page: middlePage, sort: "created" }],
    [`last page by created`, { page: 1_000_000, sort: "created" }],
    [`search "${term}"`, { q: term }],
    [`search "${term}" by created, descending`, { q: term, sort: "created", dir: "desc" }],
    [`search "@" (matches nearly everyone)`, { q: "@" }],
    [`search "@", page 50 by name`, { q: "@", page: 50, sort: "name" }],
    [`short search "${term.slice(0, 2)}"`, { q: term.slice(0, 2) }],
    [`short search "zq" (rare)`, { q: "zq" }],
    ["administrators", { role: "admin" }],
    ["local users by created, descending", { source: "local", sort: "created", dir: "desc" }],
    ["disabled users by name", { status: "disabled", sort: "name" }],
    [`middle page (${middlePage}) of active LDAP users by username`, { source: "ldap", status: "active", page: middlePage }],
    [`middle page (${middlePage}) of non-administrators by email`, { role: "user", page: middlePage, sort: "email" }],
    [`active administrators, search "${term.slice(0, 3)}"`, { role: "admin", status: "active", q: term.slice(0, 3) }],
  ];
  const results: ExplainedQuery[] = [];
  const countedTerms = new Set<string>();
  for (const [name, input] of cases) {
    const query = userListQuerySchema.parse(input);
    const counted = `${query.q}\u0000${query.source}\u0000${query.status}\u0000${query.role}`;
    if (!countedTerms.has(counted)) {
      countedTerms.add(counted);
      results.push({ name: `count, ${name}`, query, ...(await explain(ctx, userCountQuery(query.q, query))) });
    }
    const plan = await planUserList(query, ctx.db);
    results.push({ name, query, ...(await explain(ctx, plan.rows)) });
  }
  return results;
}
