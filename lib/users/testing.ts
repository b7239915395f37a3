// Test fixtures for the users and groups verbs: LDAP-managed rows inserted as a sync would, contexts
// with LDAP switched on, and a snapshot of everything the verbs may change.
import crypto from "node:crypto";
import { asc } from "drizzle-orm";
import { userGroupMembers, userGroups, users, type NewUserGroup } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { insertUser } from "@/lib/auth/testing";

export { asUser, insertUser } from "@/lib/auth/testing";

/** The same context with LDAP_ENABLED given in the environment (nothing is stored in app_config). */
export function withLdap(ctx: AppContext, enabled = true): AppContext {
  return { ...ctx, envSettings: { ...ctx.envSettings, LDAP_ENABLED: enabled } };
}

export function insertLdapUser(ctx: AppContext, overrides: Parameters<typeof insertUser>[1] = {}) {
  return insertUser(ctx, { ldapId: crypto.randomUUID(), ...overrides });
}

export async function insertGroup(ctx: AppContext, overrides: Partial<NewUserGroup> = {}): Promise<{ id: string; name: string }> {
  const name = overrides.name ?? `group-${crypto.randomBytes(4).toString("hex")}`;
  const [row] = await ctx.db
    .insert(userGroups)
    .values({ name, friendlyName: name, ...overrides })
    .returning({ id: userGroups.id, name: userGroups.name });
  return row;
}

export async function addMembers(ctx: AppContext, groupId: string, userIds: string[]): Promise<void> {
  await ctx.db.insert(userGroupMembers).values(userIds.map((userId) => ({ groupId, userId })));
}

/** Every row the users and groups verbs can touch, in a stable order, for "nothing changed" checks. */
export async function snapshotDirectory(ctx: AppContext) {
  return {
    users: await ctx.db.select().from(users).orderBy(asc(users.id)),
    groups: await ctx.db.select().from(userGroups).orderBy(asc(userGroups.id)),
    members: await ctx.db.select().from(userGroupMembers).orderBy(asc(userGroupMembers.groupId), asc(userGroupMembers.userId)),
  };
}
