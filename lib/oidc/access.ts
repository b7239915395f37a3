// Group-restricted clients: a client with allowed groups admits only their members. Read from the
// database at every authorization, refresh and userinfo call, so a sync's changes apply at once.
// A restricted client whose groups were all deleted admits nobody: it never falls open to everyone.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { AppContext } from "@/lib/context";

/**
 * True when the client (an id value, or a column of the outer query) admits the user (a value or a
 * column). The inner table is aliased, so a column reference names the outer row.
 */
export function clientAdmits(clientId: SQLWrapper | string, userId: SQLWrapper): SQL {
  return sql`exists (select 1 from oidc_clients c where c.id = ${clientId} and (not c.restricted_to_groups
    or exists (select 1 from oidc_client_allowed_groups a
               join user_group_members m on m.group_id = a.group_id
               where a.client_id = c.id and m.user_id = ${userId})))`;
}

export async function isUserAllowedForClient(userId: string, clientId: string, ctx: Pick<AppContext, "db">): Promise<boolean> {
  const [row] = await queryRows<{ allowed: boolean }>(ctx.db, sql`select ${clientAdmits(clientId, sql`${userId}::uuid`)} as allowed`);
  return row.allowed;
}
