import { sql } from "drizzle-orm";
import { getAppContext } from "@/lib/runtime";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// A health check must answer. While PostgreSQL restarts, postgres.js (seen on 3.4) can keep a query waiting
// for a connection until the database is back (porsager/postgres#1193), so the check gives up first.
const CHECK_TIMEOUT_MS = 3_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function GET(): Promise<Response> {
  try {
    const { db } = await getAppContext();
    await within(db.execute(sql`select 1`), CHECK_TIMEOUT_MS);
    return Response.json({ status: "ok" });
  } catch (error) {
    log.warn("Health check failed", { error: errorMessage(error) });
    return Response.json({ status: "error", error: "database unavailable" }, { status: 503 });
  }
}
