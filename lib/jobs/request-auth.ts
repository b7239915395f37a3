// Who may call /api/jobs/*: a cron caller with `Authorization: Bearer $CRON_SECRET`, or a signed-in
// administrator. Free of Next.js imports so tests call it directly; the route passes the session.
import "server-only";
import { requireAdmin } from "@/lib/auth/authorize";
import { SYSTEM_ACTOR, withActor, type Actor, type AppContext } from "@/lib/context";
import { UnauthenticatedError } from "@/lib/errors";
import { bearerToken, bearerTokenMatches } from "@/lib/http/bearer";
import type { JobTrigger } from "./runner";

export interface JobCaller {
  ctx: AppContext;
  /** How a run started by this caller is recorded. */
  trigger: Extract<JobTrigger, "manual" | "api">;
}

/**
 * An Authorization header must carry the cron secret (else 401, even with a session cookie: the
 * caller asked to be judged by the token). Without one the session decides: anonymous 401,
 * signed in but not an administrator 403.
 */
export async function resolveJobCaller(
  authorization: string | null,
  base: AppContext,
  sessionActor: () => Promise<Actor | null>,
): Promise<JobCaller> {
  if (authorization !== null) {
    if (!bearerTokenMatches(bearerToken(authorization), base.server.CRON_SECRET)) {
      throw new UnauthenticatedError("Invalid credentials: send Authorization: Bearer <CRON_SECRET>, or sign in as an administrator.");
    }
    return { ctx: withActor(base, SYSTEM_ACTOR), trigger: "api" };
  }
  const ctx = withActor(base, await sessionActor());
  requireAdmin(ctx);
  return { ctx, trigger: "manual" };
}
