// Authorisation checks. Domain verbs call requireUser/requireAdmin on their ctx themselves; pages
// use the *Page variants, which redirect anonymous visitors and show 403 to non-admins.
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { withActor, type Actor, type AppContext } from "@/lib/context";
import { actorFor, sessionCookieName, validateSession, type SessionUser } from "./sessions";

export function requireUser(ctx: AppContext): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

export function requireAdmin(ctx: AppContext): Actor {
  const actor = requireUser(ctx);
  if (!actor.isAdmin) throw new ForbiddenError("Only administrators can do this.");
  return actor;
}

/** The signed-in user of the current request (server components, actions, route handlers). */
export async function getSessionUser(ctx?: AppContext): Promise<SessionUser | null> {
  const base = ctx ?? (await getAppContext());
  const token = (await cookies()).get(sessionCookieName(base.server.APP_URL))?.value;
  return validateSession(token, base);
}

/** The request's context: the server context with the caller as actor (null when anonymous). */
export async function getRequestContext(): Promise<AppContext> {
  const base = await getAppContext();
  return withActor(base, actorFor(await getSessionUser(base)));
}

export async function requireUserPage(): Promise<AppContext & { actor: Actor }> {
  const ctx = await getRequestContext();
  if (!ctx.actor) redirect("/login");
  return ctx as AppContext & { actor: Actor };
}

export async function requireAdminPage(): Promise<AppContext & { actor: Actor }> {
  const ctx = await requireUserPage();
  if (!ctx.actor.isAdmin) forbidden();
  return ctx;
}
