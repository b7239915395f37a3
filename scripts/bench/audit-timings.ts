// Server time of the admin Audit Log page (the domain verb the page calls) at a million rows, with
// the plan of each query: which indexes it reads and whether it scans the table.
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { explainAnalyze } from "@/lib/db/explain";
import { planAuditLog, listAuditLog, signInsQuery } from "@/lib/audit/list";
import { auditLogQuerySchema, type AuditLogQueryInput } from "@/lib/audit/schema";
import { medianMs, openBenchContext } from "./context";
import { DEPARTED_USER, seedAuditLog } from "./audit-seed";

export interface AuditTiming {
  name: string;
  medianMs: number;
  rows: number;
  /** EXPLAIN ANALYZE of the page's rows query (the username lookup before it is a primary-key read). */
  executionMs: number;
  indexes: string[];
  seqScans: string[];
  plan: string;
}

const RUNS = 7;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

export async function measureAuditLog(databaseUrl: string, rows: number, step: (message: string) => void) {
  const { ctx, close } = await openBenchContext(databaseUrl);
  try {
    step(`inserting ${rows.toLocaleString("en")} audit_log rows (generate_series), then VACUUM (ANALYZE)`);
    const started = process.hrtime.bigint();
    await seedAuditLog(ctx.db, rows);
    const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // The busiest administrator (by rows as actor) and a user with a typical history.
    const [admin] = await queryRows<{ username: string; rows: number }>(
      ctx.db,
      sql`select actor_username as username, count(*)::int as rows from audit_log where actor_kind = 'user' group by 1 order by 2 desc limit 1`,
    );
    const [typical] = await queryRows<{ id: string; username: string }>(ctx.db, sql`select id, username from users order by id offset 5000 limit 1`);
    const page = (query: AuditLogQueryInput) => listAuditLog(query, ctx);
    const middle = await queryRows<{ cursor: string }>(ctx.db, sql`select at::text || '|' || id as cursor from audit_log order by at desc, id desc offset ${Math.floor(rows / 2)} limit 1`);
    const cases: [string, AuditLogQueryInput][] = [
      ["first page", {}],
      ["next page (keyset)", { before: (await page({})).nextCursor ?? undefined }],
      ["deep page (middle of the table, keyset)", { before: middle[0]?.cursor }],
      ["event: sign_in.passkey (56% of rows)", { event: "sign_in.passkey" }],
      ["event: config.saved (rare)", { event: "config.saved" }],
      [`user: ${typical.username} (typical)`, { user: typical.username }],
      [`user: ${admin.username} (busiest admin, ${admin.rows.toLocaleString("en")} rows)`, { user: admin.username }],
      [`user: busiest admin, next page`, { user: admin.username, before: (await page({ user: admin.username })).nextCursor ?? undefined }],
      [`user: ${DEPARTED_USER} (deleted, by recorded name)`, { user: DEPARTED_USER }],
      ["user: an unknown name", { user: "nobody-by-this-name" }],
      ["user + event: busiest admin, config.saved", { user: admin.username, event: "config.saved" }],
      ["date range: one day, 30 days ago", { from: day(30), to: day(30) }],
      ["date range + event: one day, user.updated", { from: day(30), to: day(30), event: "user.updated" }],
      ["date range + user: typical user, last 7 days", { user: typical.username, from: day(7) }],
    ];
    const timings: AuditTiming[] = [];
    const explainRows = async (name: string, run: () => Promise<number>, query: Parameters<typeof explainAnalyze>[1]) => {
      const { medianMs: ms, result } = await medianMs(RUNS, run);
      const { executionMs, indexes, seqScans, plan } = await explainAnalyze(ctx.db, query);
      timings.push({ name, medianMs: ms, rows: result, executionMs, indexes, seqScans, plan });
    };
    for (const [name, input] of cases) {
      await explainRows(name, async () => (await page(input)).entries.length, (await planAuditLog(auditLogQuerySchema.parse(input), ctx)).rows);
    }
    for (const [name, userId] of [[`sign-in history (account page): typical user`, typical.id]] as const) {
      await explainRows(name, async () => (await signInsQuery(userId, ctx.db)).length, signInsQuery(userId, ctx.db));
    }
    return { rows, seedSeconds, timings };
  } finally {
    await close();
  }
}
