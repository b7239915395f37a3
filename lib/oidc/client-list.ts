// Reading OIDC clients (administrators only): the Applications list, one client's page, and the
// applications a group's page names. Never the secret: only whether a client has one.
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { oidcClientAllowedGroups, oidcClients } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { groupIdSchema } from "@/lib/groups/schema";
import { oidcClientIdSchema } from "./schema";

export interface OidcClientSummary {
  id: string;
  name: string;
  isPublic: boolean;
  pkceRequired: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Group names, sorted; empty = everyone may sign in, unless restricted. */
  allowedGroups: string[];
  /** Restricted to groups: with none left (all deleted), nobody may sign in. */
  restrictedToGroups: boolean;
  launchUrl: string | null;
}

export interface ClientRef {
  id: string;
  name: string;
}

const byName = [asc(sql`lower(${oidcClients.name})`), asc(oidcClients.id)];

const summaryColumns = {
  id: oidcClients.id,
  name: oidcClients.name,
  isPublic: oidcClients.isPublic,
  pkceRequired: oidcClients.pkceRequired,
  redirectUris: oidcClients.redirectUris,
  postLogoutRedirectUris: oidcClients.postLogoutRedirectUris,
  launchUrl: oidcClients.launchUrl,
  restrictedToGroups: oidcClients.restrictedToGroups,
  allowedGroups: sql<string[]>`coalesce((
    select array_agg(g.name order by g.name)
    from oidc_client_allowed_groups a join user_groups g on g.id = a.group_id
    where a.client_id = "oidc_clients"."id"), '{}')`,
};

export async function listOidcClients(ctx: AppContext): Promise<OidcClientSummary[]> {
  requireAdmin(ctx);
  return ctx.db.select(summaryColumns).from(oidcClients).orderBy(...byName);
}

/** One client; NotFoundError for an unknown or malformed id (the page turns it into a 404). */
export async function getOidcClient(id: string, ctx: AppContext): Promise<OidcClientSummary> {
  requireAdmin(ctx);
  const parsed = oidcClientIdSchema.safeParse(id);
  const [row] = parsed.success ? await ctx.db.select(summaryColumns).from(oidcClients).where(eq(oidcClients.id, parsed.data)) : [];
  if (!row) throw new NotFoundError("Application not found.");
  return row;
}

export interface GroupClients {
  /** Clients restricted to a set of groups that includes this one. */
  allowed: ClientRef[];
  /** Clients not restricted to groups: every user, in this group or not, may use them. */
  openToEveryone: ClientRef[];
}

/** What a group's members may sign in to because of it, and what everyone may. */
export async function listGroupClients(groupId: string, ctx: AppContext): Promise<GroupClients> {
  requireAdmin(ctx);
  const parsed = groupIdSchema.safeParse(groupId);
  if (!parsed.success) throw new NotFoundError("Group not found.");
  const ref = { id: oidcClients.id, name: oidcClients.name };
  const allowed = await ctx.db
    .select(ref)
    .from(oidcClients)
    .innerJoin(oidcClientAllowedGroups, eq(oidcClientAllowedGroups.clientId, oidcClients.id))
    .where(eq(oidcClientAllowedGroups.groupId, parsed.data))
    .orderBy(...byName);
  const openToEveryone = await ctx.db
    .select(ref)
    .from(oidcClients)
    .where(eq(oidcClients.restrictedToGroups, false))
    .orderBy(...byName);
  return { allowed, openToEveryone };
}
