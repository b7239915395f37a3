// POST: start an LDAP sync now (202 { runId }; 409 { error, code: "already_running", runId } while one runs).
// GET: the latest runs and the current one; `?runId=` one run's full report; `?view=trends` the
// finished runs as the trends chart's points.
// Callers: a signed-in administrator, or `Authorization: Bearer $CRON_SECRET`.
import type { NextRequest } from "next/server";
import { getAppContext } from "@/lib/runtime";
import { getRequestContext } from "@/lib/auth/guards";
import { errorResponse } from "@/lib/http/result";
import { resolveJobCaller } from "@/lib/jobs/request-auth";
import { JobAlreadyRunningError } from "@/lib/jobs/runner";
import { startLdapSync } from "@/lib/ldap/job";
import { syncLdapQuerySchema } from "@/lib/ldap/job-schema";
import { getJobRun, getLdapSyncStatus, getLdapSyncTrends } from "@/lib/ldap/sync-status";
import { parseInput } from "@/lib/validation";

const noStore = { "Cache-Control": "no-store" };

async function caller(request: NextRequest) {
  return resolveJobCaller(request.headers.get("authorization"), await getAppContext(), async () => (await getRequestContext()).actor);
}

export async function POST(request: NextRequest): Promise<Response> {
  try {
    const { ctx, trigger } = await caller(request);
    const { force } = parseInput(syncLdapQuerySchema, Object.fromEntries(request.nextUrl.searchParams));
    const { runId } = await startLdapSync({ force, trigger }, ctx);
    return Response.json({ runId }, { status: 202, headers: noStore });
  } catch (error) {
    if (error instanceof JobAlreadyRunningError) {
      return Response.json({ error: error.message, code: error.code, runId: error.runId }, { status: 409, headers: noStore });
    }
    return errorResponse(error, noStore);
  }
}

export async function GET(request: NextRequest): Promise<Response> {
  try {
    const { ctx } = await caller(request);
    const query = Object.fromEntries(request.nextUrl.searchParams);
    const body = query.runId
      ? { run: await getJobRun(query, ctx) }
      : query.view === "trends"
        ? { trends: await getLdapSyncTrends(query, ctx) }
        : await getLdapSyncStatus(query, ctx);
    return Response.json(body, { headers: noStore });
  } catch (error) {
    return errorResponse(error, noStore);
  }
}
