// A user's own view of the applications: those they may launch (a launch URL, and allowed by the
// client's groups), and those they signed in to: what each may see, and Revoke, which ends the
// consent and every code and token issued under it (the next sign-in asks again).
import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { oidcClients, oidcPayloads } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireUser } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { clientAdmits } from "./access";
import { oidcClientIdSchema } from "./schema";

export interface AuthorizedApp {
  clientId: string;
  name: string;
  scopes: string[];
}

export interface LaunchableApp {
  clientId: string;
  name: string;
  launchUrl: string;
}

const grantClientId = sql<string>`${oidcPayloads.payload}->>'clientId'`;
const activeGrantsOf = (userId: string) =>
  and(eq(oidcPayloads.type, "Grant"), eq(oidcPayloads.accountId, userId), sql`(${oidcPayloads.expiresAt} is null or ${oidcPayloads.expiresAt} > now())`);

export async function listMyAuthorizedApps(ctx: AppContext): Promise<AuthorizedApp[]> {
  const actor = requireUser(ctx);
  const rows = await ctx.db
    .select({ clientId: oidcClients.id, name: oidcClients.name, scope: sql<string | null>`${oidcPayloads.payload}#>>'{openid,scope}'` })
    .from(oidcPayloads)
    .innerJoin(oidcClients, eq(oidcClients.id, grantClientId))
    .where(activeGrantsOf(actor.userId!));
  const apps = new Map<string, AuthorizedApp>();
  for (const row of rows) {
    const app = apps.get(row.clientId) ?? { clientId: row.clientId, name: row.name, scopes: [] };
    app.scopes = [...new Set([...app.scopes, ...(row.scope ?? "").split(" ").filter(Boolean)])];
    apps.set(row.clientId, app);
  }
  return [...apps.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Applications with a launch URL that admit the caller (no allowed groups, or a member of one). */
export async function listMyLaunchableApps(ctx: AppContext): Promise<LaunchableApp[]> {
  const actor = requireUser(ctx);
  return ctx.db
    .select({ clientId: oidcClients.id, name: oidcClients.name, launchUrl: sql<string>`${oidcClients.launchUrl}` })
    .from(oidcClients)
    .where(and(isNotNull(oidcClients.launchUrl), clientAdmits(sql`${oidcClients.id}`, sql`${actor.userId!}::uuid`)))
    .orderBy(asc(sql`lower(${oidcClients.name})`), asc(oidcClients.id));
}

/** Ends the caller's grants for one application and everything issued under them. */
export async function revokeMyAuthorization(clientId: string, ctx: AppContext): Promise<void> {
  const actor = requireUser(ctx);
  const id = parseInput(oidcClientIdSchema, clientId);
  const revoked = await ctx.db.transaction(async (tx) => {
    const grants = await tx
      .delete(oidcPayloads)
      .where(and(activeGrantsOf(actor.userId!), sql`${grantClientId} = ${id}`))
      .returning({ grantId: sql<string>`${oidcPayloads.payload}->>'jti'` });
    for (const { grantId } of grants) await tx.delete(oidcPayloads).where(eq(oidcPayloads.grantId, grantId));
    return grants.length;
  });
  if (!revoked) throw new NotFoundError("You have not authorised this application.");
  ctx.log.info("OIDC authorization revoked by its user", { userId: actor.userId, clientId: id });
}
