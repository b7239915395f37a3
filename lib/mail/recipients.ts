// Who a message goes to and who asked for it, by user id.
import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";

export interface MailUser {
  id: string;
  username: string;
  email: string | null;
  disabled: boolean;
  /** Display name, else username: how messages greet them. */
  name: string;
}

export async function mailUser(userId: string, ctx: Pick<AppContext, "db">): Promise<MailUser | null> {
  const [row] = await ctx.db
    .select({ id: users.id, username: users.username, email: users.email, disabled: users.disabled, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  return row ? { id: row.id, username: row.username, email: row.email, disabled: row.disabled, name: row.displayName || row.username } : null;
}

/** How a message names the administrator who sent it. */
export async function actorName(ctx: AppContext): Promise<string> {
  if (!ctx.actor?.userId) return "An administrator";
  return (await mailUser(ctx.actor.userId, ctx))?.name ?? "An administrator";
}
