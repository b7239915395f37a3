// GET /metrics: Prometheus text format for `Authorization: Bearer $METRICS_TOKEN`; 404 while
// METRICS_TOKEN is unset, 401 for a missing or wrong token. What is measured: docs/operations.md#metrics.
import type { NextRequest } from "next/server";
import { getAppContext } from "@/lib/runtime";
import { UnauthenticatedError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/result";
import { scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

export async function GET(request: NextRequest): Promise<Response> {
  try {
    const { contentType, body } = await scrapeMetrics({ authorization: request.headers.get("authorization") }, await getAppContext());
    return new Response(body, { headers: { ...noStore, "Content-Type": contentType } });
  } catch (error) {
    const challenge: Record<string, string> = error instanceof UnauthenticatedError ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {};
    return errorResponse(error, { ...noStore, ...challenge });
  }
}
