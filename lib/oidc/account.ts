// The provider's view of a user: `sub` is users.id (stable across renames, never reused). A
// disabled or deleted user has no account, so refresh answers invalid_grant and userinfo
// invalid_token; so does a user who is no longer in any allowed group of the token's client.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Account, FindAccount } from "oidc-provider";
import { userProfilePictures, users } from "@/lib/db/schema";
import { preparedPerDb } from "@/lib/db/helpers";
import { publicPictureUrl } from "@/lib/pictures/urls";
import type { AppContext } from "@/lib/context";
import { claimRowsJsonSql, effectiveClaims } from "@/lib/claims/read";
import { userProfileColumns } from "@/lib/users/list";
import { clientAdmits } from "./access";
import { CUSTOM_CLAIMS } from "./custom-claims";

/** Standard claims by scope (OpenID Connect Core §5.4) plus `groups`. */
export const SCOPE_CLAIMS = {
  openid: ["sub"],
  profile: ["name", "given_name", "family_name", "preferred_username", "picture"],
  email: ["email", "email_verified"],
  groups: ["groups"],
} as const;

/** The user, whether the client admits them, their groups, claims and picture: one statement per provider call. */
const accountQuery = preparedPerDb((db) => {
  const clientId = sql.placeholder("clientId");
  // Qualified: drizzle names a single table's columns bare in the select list, where a subquery's
  // own `id` columns would capture them.
  const userId = sql`${users}.id`;
  return db
    .select({
      ...userProfileColumns,
      allowed: sql<boolean>`(${clientId}::text is null or ${clientAdmits(clientId, userId)})`,
      groups: sql<string[]>`coalesce((select array_agg(g.name order by g.name)
        from user_group_members m join user_groups g on g.id = m.group_id where m.user_id = ${userId}), '{}')`,
      claimRows: claimRowsJsonSql(userId),
      pictureToken: sql<string | null>`(select ${userProfilePictures.publicToken} from ${userProfilePictures} where ${userProfilePictures.userId} = ${userId})`,
    })
    .from(users)
    .where(and(eq(users.id, sql.placeholder("sub")), eq(users.disabled, false)))
    .prepare("oidc_account");
});

export async function loadAccount(sub: string, ctx: AppContext, clientId?: string): Promise<Account | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(sub)) return undefined;
  const [user] = await accountQuery(ctx.db).execute({ sub, clientId: clientId ?? null });
  if (!user?.allowed) return undefined;
  return {
    accountId: user.id,
    async claims(_use, scope) {
      const scopes = new Set(scope.split(" "));
      return {
        // Released by ./custom-claims.ts beside the standard claims (which they can never replace).
        ...(scopes.has("profile") ? { [CUSTOM_CLAIMS]: effectiveClaims(user.claimRows) } : {}),
        sub: user.id,
        name: user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.username,
        given_name: user.firstName || undefined,
        family_name: user.lastName || undefined,
        preferred_username: user.username,
        // The picture's public URL: its token lets the application fetch it without a session.
        picture: scopes.has("profile") && user.pictureToken ? publicPictureUrl(ctx.server.APP_URL, user.id, user.pictureToken) : undefined,
        // Addresses come from LDAP or an administrator, never typed in by the user: verified.
        ...(user.email ? { email: user.email, email_verified: true } : {}),
        ...(scopes.has("groups") ? { groups: user.groups } : {}),
      };
    },
  };
}

export function findAccount(ctx: AppContext): FindAccount {
  return (_koa, sub, token) => loadAccount(sub, ctx, token && "clientId" in token ? (token.clientId as string | undefined) : undefined);
}
