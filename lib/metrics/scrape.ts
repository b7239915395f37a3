// GET /metrics: open only when METRICS_TOKEN is set, and then only to `Authorization: Bearer
// $METRICS_TOKEN` (compared in constant time; the token is never logged).
import "server-only";
import type { AppContext } from "@/lib/context";
import { withinTimeout } from "@/lib/db/driver-quirks";
import { errorMessage, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { bearerToken, bearerTokenMatches } from "@/lib/http/bearer";
import { readDatabaseMetrics } from "./database";
import { processMetrics } from "./process";
import { renderMetrics } from "./render";
import { signInCounts } from "./sign-ins";

/** A scrape answers in time while the database restarts: its series are then left out. */
const DATABASE_TIMEOUT_MS = 3_000;

export async function scrapeMetrics(input: { authorization: string | null }, ctx: AppContext): Promise<{ contentType: string; body: string }> {
  const token = ctx.server.METRICS_TOKEN;
  // Unset: the endpoint does not exist, as far as any caller can tell.
  if (!token) throw new NotFoundError("Not found.");
  if (!bearerTokenMatches(bearerToken(input.authorization), token)) throw new UnauthenticatedError("Send Authorization: Bearer <METRICS_TOKEN>.");
  const database = await withinTimeout(readDatabaseMetrics(ctx), DATABASE_TIMEOUT_MS).catch((error: unknown) => {
    ctx.log.warn("Metrics: the database did not answer", { error: errorMessage(error) });
    return null;
  });
  return renderMetrics(processMetrics().registry, { database, signIns: signInCounts() });
}
