// Group-restricted clients: a client with allowed groups admits only their members. Read from the
// database at every authorization, refresh and userinfo call, so a sync's changes apply at once.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { AppContext } from "@/lib/context";

/** True when the client has no allowed groups, or the user is a member of one of them. */
export function allowedForClient(userId: SQLWrapper, clientId: SQLWrapper | string): SQL {
  return sql`(not exists (select 1 from oidc_client_allowed_groups where client_id = ${clientId})
        or exists (select 1 from oidc_client_allowed_groups a
                   join user_group_members m on m.group_id = a.group_id
                   where a.client_id = ${clientId} and m.user_id = ${userId}))`;
}

export async function isUserAllowedForClient(userId: string, clientId: string, ctx: Pick<AppContext, "db">): Promise<boolean> {
  const [row] = await queryRows<{ allowed: boolean }>(ctx.db, sql`select ${allowedForClient(sql`${userId}::uuid`, clientId)} as allowed`);
  return row.allowed;
}
