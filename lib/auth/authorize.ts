// Authorisation checks for domain verbs. Free of Next.js imports so the CLI and tests can use them;
// lib/auth/guards.ts re-exports them next to the page guards.
import "server-only";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import type { Actor, AppContext } from "@/lib/context";

export function requireUser(ctx: AppContext): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

export function requireAdmin(ctx: AppContext): Actor {
  const actor = requireUser(ctx);
  if (!actor.isAdmin) throw new ForbiddenError("Only administrators can do this.");
  return actor;
}
