// Authorisation checks. Domain verbs call requireUser/requireAdmin on their ctx themselves; pages
// use the *Page variants, which redirect anonymous visitors and show 403 to non-admins.
import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { withActor, type Actor, type AppContext } from "@/lib/context";
import { actorFor, validateSession, type SessionUser } from "./sessions";
import { readSessionToken, requestMeta } from "./request";

export { requireAdmin, requireUser } from "./authorize";

// One session lookup per request, however many layouts, pages and guards ask for it.
const currentSessionUser = cache(async (): Promise<SessionUser | null> => {
  const base = await getAppContext();
  return validateSession(await readSessionToken(base.server.APP_URL), base);
});

/** The signed-in user of the current request (server components, actions, route handlers). */
export async function getSessionUser(ctx?: AppContext): Promise<SessionUser | null> {
  if (!ctx) return currentSessionUser();
  return validateSession(await readSessionToken(ctx.server.APP_URL), ctx);
}

/** The request's context: the server context with the caller as actor (null when anonymous). */
export async function getRequestContext(): Promise<AppContext> {
  const base = await getAppContext();
  return { ...withActor(base, actorFor(await currentSessionUser())), request: await requestMeta(base.server) };
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
