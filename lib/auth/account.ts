// The signed-in user's own account (/settings/account).
import "server-only";
import { and, eq, ne, or, sql } from "drizzle-orm";
import { users, type UserProfile } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { getSettings } from "@/lib/config";
import type { Settings } from "@/lib/config/settings";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { uniqueViolation } from "@/lib/db/helpers";
import { requireUser } from "./authorize";
import { listMyPasskeys, type PasskeySummary } from "./passkeys";
import { parseInput } from "@/lib/validation";
import { accountDetailsSchema, type AccountDetailsInput } from "./schema";
import { displayNameOf } from "@/lib/users/profile";
import { pictureEtagOf } from "@/lib/pictures/serve";

export interface MyAccount extends Omit<UserProfile, "disabled" | "ldapId"> {
  /** Managed by LDAP: the directory owns the details, the page shows them read-only. */
  ldapManaged: boolean;
  /** The user may save their details (ALLOW_OWN_ACCOUNT_EDIT, and not managed by LDAP). */
  editable: boolean;
  /** Username and e-mail are fixed while LDAP is enabled: a local user could take a name the directory will bring. */
  loginFieldsLocked: boolean;
  passkeys: PasskeySummary[];
  /** The picture's version; null: none (initials are shown). */
  pictureEtag: string | null;
  /** Where an LDAP user manages their directory account (LDAP_ACCOUNT_PORTAL_URL); null for local users or when unset. */
  accountPortalUrl: string | null;
}

export const OWN_EDIT_DISABLED_MESSAGE = "Your administrator does not allow editing your own account.";
export const LDAP_ACCOUNT_MESSAGE = "Your account is managed by LDAP: change your details in the directory.";
export const LOGIN_FIELD_LOCKED_MESSAGE = "Cannot be changed while LDAP is enabled. Ask an administrator.";
// One message whichever is taken, so the form cannot be used to find out who has an e-mail address.
export const UNAVAILABLE_LOGIN_MESSAGE = "This username or e-mail address cannot be used. Choose another.";

type AccountSettings = Pick<Settings, "ALLOW_OWN_ACCOUNT_EDIT" | "LDAP_ENABLED">;

function accountRules(settings: AccountSettings, ldapId: string | null) {
  return { editable: settings.ALLOW_OWN_ACCOUNT_EDIT && ldapId === null, loginFieldsLocked: settings.LDAP_ENABLED };
}

export async function getMyAccount(_input: void, ctx: AppContext): Promise<MyAccount> {
  const { userId } = requireUser(ctx);
  const [user] = userId ? await ctx.db.select().from(users).where(eq(users.id, userId)) : [];
  if (!user) throw new UnauthenticatedError();
  const { values: settings } = await getSettings(ctx);
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    ldapManaged: user.ldapId !== null,
    ...accountRules(settings, user.ldapId),
    passkeys: await listMyPasskeys(undefined, ctx),
    pictureEtag: await pictureEtagOf(user.id, ctx),
    accountPortalUrl: user.ldapId !== null && settings.LDAP_ACCOUNT_PORTAL_URL ? settings.LDAP_ACCOUNT_PORTAL_URL : null,
  };
}

const unavailable = (fields: string[]) =>
  new ValidationError(UNAVAILABLE_LOGIN_MESSAGE, Object.fromEntries(fields.map((field) => [field, [UNAVAILABLE_LOGIN_MESSAGE]])), "duplicate");

/**
 * Saves the caller's own details. Refused for LDAP-managed accounts and when ALLOW_OWN_ACCOUNT_EDIT
 * is off; username and e-mail stay as they are while LDAP is enabled, and stay unique.
 */
export async function updateMyAccount(input: AccountDetailsInput, ctx: AppContext): Promise<void> {
  const { userId } = requireUser(ctx);
  if (!userId) throw new UnauthenticatedError();
  const details = parseInput(accountDetailsSchema, input);
  const email = details.email || null;
  const loginFields = email ? ["username", "email"] : ["username"];
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const { values: settings } = await getSettings(ctx);
  try {
    await ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
      if (!current) throw new UnauthenticatedError();
      if (current.ldapId !== null) throw new ForbiddenError(LDAP_ACCOUNT_MESSAGE);
      const rules = accountRules(settings, current.ldapId);
      if (!rules.editable) throw new ForbiddenError(OWN_EDIT_DISABLED_MESSAGE, "own_edit_disabled");
      if (rules.loginFieldsLocked) {
        const changed = { username: details.username !== current.username, email: email !== current.email };
        const locked = (["username", "email"] as const).filter((field) => changed[field]);
        if (locked.length) {
          throw new ValidationError(LOGIN_FIELD_LOCKED_MESSAGE, Object.fromEntries(locked.map((field) => [field, [LOGIN_FIELD_LOCKED_MESSAGE]])), "login_field_locked");
        }
      }
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            ne(users.id, userId),
            or(
              eq(sql`lower(${users.username})`, details.username.toLowerCase()),
              email ? eq(sql`lower(${users.email})`, email.toLowerCase()) : sql`false`,
            ),
          ),
        )
        .limit(1);
      if (taken) throw unavailable(loginFields);
      await tx
        .update(users)
        .set({ ...details, email, displayName: displayNameOf(details), updatedAt: sql`now()` })
        .where(eq(users.id, userId));
    });
  } catch (error) {
    // A concurrent save that took the name between the check and the update.
    if (uniqueViolation(error) !== undefined) throw unavailable(loginFields);
    throw error;
  }
}
