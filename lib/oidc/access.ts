// Group-restricted clients: a client with allowed groups admits only their members. Read from the
// database at every authorization, refresh and userinfo call, so a sync's changes apply at once.
import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { AppContext } from "@/lib/context";

export async function isUserAllowedForClient(userId: string, clientId: string, ctx: Pick<AppContext, "db">): Promise<boolean> {
  const [row] = await queryRows<{ allowed: boolean }>(
    ctx.db,
    sql`select not exists (select 1 from oidc_client_allowed_groups where client_id = ${clientId})
        or exists (select 1 from oidc_client_allowed_groups a
                   join user_group_members m on m.group_id = a.group_id
                   where a.client_id = ${clientId} and m.user_id = ${userId}::uuid) as allowed`,
  );
  return row.allowed;
}
