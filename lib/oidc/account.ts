// The provider's view of a user: `sub` is users.id (stable across renames, never reused). A
// disabled or deleted user has no account, so refresh answers invalid_grant and userinfo
// invalid_token; so does a user who is no longer in any allowed group of the token's client.
import "server-only";
import { and, eq, asc } from "drizzle-orm";
import type { Account, FindAccount } from "oidc-provider";
import { userGroupMembers, userGroups, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { effectiveClaims } from "@/lib/claims/read";
import { isUserAllowedForClient } from "./access";
import { CUSTOM_CLAIMS } from "./custom-claims";

/** Standard claims by scope (OpenID Connect Core §5.4) plus `groups`. */
export const SCOPE_CLAIMS = {
  openid: ["sub"],
  profile: ["name", "given_name", "family_name", "preferred_username"],
  email: ["email", "email_verified"],
  groups: ["groups"],
} as const;

async function groupNames(userId: string, ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db
    .select({ name: userGroups.name })
    .from(userGroupMembers)
    .innerJoin(userGroups, eq(userGroups.id, userGroupMembers.groupId))
    .where(eq(userGroupMembers.userId, userId))
    .orderBy(asc(userGroups.name));
  return rows.map((row) => row.name);
}

export async function loadAccount(sub: string, ctx: AppContext, clientId?: string): Promise<Account | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(sub)) return undefined;
  const [user] = await ctx.db.select().from(users).where(and(eq(users.id, sub), eq(users.disabled, false)));
  if (!user) return undefined;
  if (clientId && !(await isUserAllowedForClient(user.id, clientId, ctx))) return undefined;
  return {
    accountId: user.id,
    async claims(_use, scope) {
      const scopes = new Set(scope.split(" "));
      return {
        // Released by ./custom-claims.ts beside the standard claims (which they can never replace).
        ...(scopes.has("profile") ? { [CUSTOM_CLAIMS]: await effectiveClaims(user.id, ctx.db) } : {}),
        sub: user.id,
        name: user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.username,
        given_name: user.firstName || undefined,
        family_name: user.lastName || undefined,
        preferred_username: user.username,
        // Addresses come from LDAP or an administrator, never typed in by the user: verified.
        ...(user.email ? { email: user.email, email_verified: true } : {}),
        ...(scopes.has("groups") ? { groups: await groupNames(user.id, ctx) } : {}),
      };
    },
  };
}

export function findAccount(ctx: AppContext): FindAccount {
  return (_koa, sub, token) => loadAccount(sub, ctx, token && "clientId" in token ? (token.clientId as string | undefined) : undefined);
}
