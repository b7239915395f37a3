import { sql } from "drizzle-orm";
import { getAppContext } from "@/lib/runtime";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { db } = await getAppContext();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok" });
  } catch (error) {
    log.warn("Health check failed", { error: errorMessage(error) });
    return Response.json({ status: "error", error: "database unavailable" }, { status: 503 });
  }
}
