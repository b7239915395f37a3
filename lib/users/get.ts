import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { userGroupMembers, userGroups, users, webauthnCredentials, type User } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { passkeySummaryColumns, type PasskeySummary } from "@/lib/auth/passkeys";
import { countActiveSessions } from "@/lib/auth/sessions";
import { NotFoundError } from "@/lib/errors";
import { isGroupEditable, isLdapEnabled, isManagedByLdap, userPermissions, type UserPermissions } from "./ldap-rule";
import { userIdSchema } from "./schema";
import { pictureEtagOf } from "@/lib/pictures/serve";

export interface UserGroupMembership {
  id: string;
  name: string;
  friendlyName: string;
  ldapId: string | null;
  /** Whether an administrator may add or remove this membership here. */
  editable: boolean;
}

export interface UserDetail {
  user: User;
  groups: UserGroupMembership[];
  passkeys: PasskeySummary[];
  /** Sessions that still sign the user in, on any browser. */
  activeSessions: number;
  ldapEnabled: boolean;
  managedByLdap: boolean;
  permissions: UserPermissions;
  /** The picture's version; null: none. */
  pictureEtag: string | null;
}

/** Throws NotFoundError for an unknown or malformed id (pages turn it into a 404). */
export async function getUser(id: string, ctx: AppContext): Promise<UserDetail> {
  const actor = requireAdmin(ctx);
  if (!userIdSchema.safeParse(id).success) throw new NotFoundError("User not found.");
  const ldapEnabled = await isLdapEnabled(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!user) throw new NotFoundError("User not found.");
  const groups = await ctx.db
    .select({ id: userGroups.id, name: userGroups.name, friendlyName: userGroups.friendlyName, ldapId: userGroups.ldapId })
    .from(userGroupMembers)
    .innerJoin(userGroups, eq(userGroups.id, userGroupMembers.groupId))
    .where(eq(userGroupMembers.userId, id))
    .orderBy(sql`lower(${userGroups.name})`);
  const passkeys = await ctx.db
    .select(passkeySummaryColumns)
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, id))
    .orderBy(asc(webauthnCredentials.createdAt));
  return {
    user,
    groups: groups.map((group) => ({ ...group, editable: isGroupEditable(group, ldapEnabled) })),
    passkeys,
    activeSessions: await countActiveSessions(id, ctx),
    ldapEnabled,
    managedByLdap: isManagedByLdap(user, ldapEnabled),
    permissions: userPermissions(user, { ldapEnabled, actorUserId: actor.userId }),
    pictureEtag: await pictureEtagOf(id, ctx),
  };
}
