// EXPLAIN ANALYZE of a query as the app builds it, for benchmarks and for anyone checking that a
// page's queries stay index-backed on large tables (lib/users/explain.ts, npm run bench).
import "server-only";
import { sql, type SQLWrapper } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/helpers";

export interface QueryPlan {
  /** The text plan of EXPLAIN (ANALYZE, BUFFERS). */
  plan: string;
  /** Server-side execution time reported by EXPLAIN ANALYZE, in milliseconds. */
  executionMs: number;
  planningMs: number;
  /** Tables read by a sequential scan (under a LIMIT it may stop early: see the plan's row counts). */
  seqScans: string[];
  /** Indexes the plan reads, in plan order, without repeats. */
  indexes: string[];
  /**
   * Table rows an index-only scan had to read to check visibility: 0 while the visibility map is
   * current (VACUUM), up to the number of rows walked when the table was just bulk-written.
   */
  heapFetches: number;
}

export async function explainAnalyze(db: Queryable, query: SQLWrapper): Promise<QueryPlan> {
  const rows = await queryRows<{ "QUERY PLAN": string }>(db, sql`explain (analyze, buffers, format text) ${query.getSQL()}`);
  const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
  const ms = (label: string) => Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(plan)?.[1] ?? NaN);
  const all = (pattern: RegExp) => [...new Set([...plan.matchAll(pattern)].map((match) => match[1]))];
  return {
    plan,
    executionMs: ms("Execution Time"),
    planningMs: ms("Planning Time"),
    seqScans: all(/Seq Scan on (\w+)/g),
    indexes: all(/Index(?: Only)? Scan(?: Backward)? (?:using|on) (\w+)/g),
    heapFetches: [...plan.matchAll(/Heap Fetches: (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0),
  };
}
