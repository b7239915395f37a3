// The audit side of signing in, free of Next.js request APIs (lib/auth/browser-sign-in.ts calls it).
import "server-only";
import type { AppContext } from "@/lib/context";
import { DomainError, RateLimitedError, errorMessage } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { countSignIn } from "@/lib/metrics/sign-ins";
import { createSession, type SessionMeta } from "./sessions";

/** Starts a session after a passkey sign-in; the session and its audit row commit together. */
export async function startPasskeySession(userId: string, ctx: AppContext, meta: SessionMeta): Promise<{ token: string; expiresAt: Date }> {
  const session = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const created = await createSession(userId, txCtx, meta);
    await recordAudit({ event: "sign_in.passkey", actorUserId: userId, target: { type: "user", id: userId } }, txCtx);
    return created;
  });
  countSignIn("passkey", "success");
  return session;
}

/**
 * A refused sign-in has no transaction to join: its row is written on its own. Malformed input
 * (invalid_input) is not an attempt and is neither recorded nor counted, so junk requests cannot
 * flood the log; a burst refused by the rate limit is recorded once per window (and counted whole).
 */
export async function recordSignInFailure(
  method: "passkey" | "login_link",
  error: unknown,
  ctx: AppContext,
  /** The account it was for, when known (a registered passkey): the failure shows in its history. */
  userId?: string,
): Promise<void> {
  if (!(error instanceof DomainError) || error.code === "invalid_input") return;
  countSignIn(method, "failure");
  if (error instanceof RateLimitedError && !error.firstInWindow) return;
  const target = userId ? { type: "user" as const, id: userId } : undefined;
  await recordAudit({ event: "sign_in.failed", outcome: "failure", target, details: { method, reason: error.code } }, ctx).catch((failure: unknown) =>
    ctx.log.warn("Recording a failed sign-in failed", { error: errorMessage(failure) }),
  );
}
