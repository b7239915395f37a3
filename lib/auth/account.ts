// The signed-in user's own account (/settings/account).
import "server-only";
import { and, eq, ne, or, sql } from "drizzle-orm";
import { users, type UserProfile } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { requireUser } from "./authorize";
import { listMyPasskeys, type PasskeySummary } from "./passkeys";
import { parseInput } from "@/lib/validation";
import { accountDetailsSchema, type AccountDetailsInput } from "./schema";
import { displayNameOf } from "@/lib/users/profile";

export interface MyAccount extends Omit<UserProfile, "disabled" | "ldapId"> {
  /** Managed by LDAP: the directory owns the details, the page shows them read-only. */
  ldapManaged: boolean;
  passkeys: PasskeySummary[];
}

export async function getMyAccount(_input: void, ctx: AppContext): Promise<MyAccount> {
  const { userId } = requireUser(ctx);
  const [user] = userId ? await ctx.db.select().from(users).where(eq(users.id, userId)) : [];
  if (!user) throw new UnauthenticatedError();
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    ldapManaged: user.ldapId !== null,
    passkeys: await listMyPasskeys(undefined, ctx),
  };
}

/** Saves the caller's own details; refused for LDAP-managed accounts. Username and e-mail stay unique. */
export async function updateMyAccount(input: AccountDetailsInput, ctx: AppContext): Promise<void> {
  const { userId } = requireUser(ctx);
  if (!userId) throw new UnauthenticatedError();
  const details = parseInput(accountDetailsSchema, input);
  const email = details.email || null;
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select({ ldapId: users.ldapId }).from(users).where(eq(users.id, userId)).for("update");
    if (!current) throw new UnauthenticatedError();
    if (current.ldapId !== null) throw new ForbiddenError("Your account is managed by LDAP: change your details in the directory.", "managed_by_ldap");
    const taken = await tx
      .select({ username: users.username, email: users.email })
      .from(users)
      .where(
        and(
          ne(users.id, userId),
          or(
            eq(sql`lower(${users.username})`, details.username.toLowerCase()),
            email ? eq(sql`lower(${users.email})`, email.toLowerCase()) : sql`false`,
          ),
        ),
      );
    const fieldErrors: Record<string, string[]> = {};
    if (taken.some((row) => row.username.toLowerCase() === details.username.toLowerCase())) {
      fieldErrors.username = ["This username is already taken"];
    }
    if (email && taken.some((row) => row.email?.toLowerCase() === email.toLowerCase())) {
      fieldErrors.email = ["This email is already used by another account"];
    }
    if (Object.keys(fieldErrors).length) throw new ValidationError("Check the highlighted fields.", fieldErrors);
    await tx
      .update(users)
      .set({ ...details, email, displayName: displayNameOf(details), updatedAt: sql`now()` })
      .where(eq(users.id, userId));
  });
}
