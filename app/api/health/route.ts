import { sql } from "drizzle-orm";
import { getAppContext } from "@/lib/runtime";
import { withinTimeout } from "@/lib/db/driver-quirks";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// A health check must answer, also while the database restarts (lib/db/driver-quirks.ts).
const CHECK_TIMEOUT_MS = 3_000;

export async function GET(): Promise<Response> {
  try {
    const { db } = await getAppContext();
    await withinTimeout(db.execute(sql`select 1`), CHECK_TIMEOUT_MS);
    return Response.json({ status: "ok" });
  } catch (error) {
    log.warn("Health check failed", { error: errorMessage(error) });
    return Response.json({ status: "error", error: "database unavailable" }, { status: 503 });
  }
}
