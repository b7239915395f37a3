// Changing users. Each verb checks the caller is an admin, locks the row in its own transaction and
// applies the LDAP rule (lib/users/ldap-rule.ts) before writing.
import "server-only";
import { and, asc, count, eq, inArray, ne, or, sql } from "drizzle-orm";
import { users, type User } from "@/lib/db/schema";
import type { Actor, AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { deleteUnusedLoginLinks } from "@/lib/auth/unused-login-links";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { withUniqueFieldErrors, type Tx } from "@/lib/db/helpers";
import { recordAudit } from "@/lib/audit/record";
import { displayNameOf } from "./profile";
import { revokeUserOidcState } from "@/lib/oidc/revocation";
import { isLdapEnabled, isManagedByLdap, managedByLdapError, userPermissions, type UserPermissions } from "./ldap-rule";
import {
  createUserSchema,
  setUserFlagSchema,
  updateUserSchema,
  userIdSchema,
  type CreateUserInput,
  type SetUserFlagInput,
  type UpdateUserInput,
  type UserProfileInput,
} from "./schema";

const DUPLICATE_MESSAGES = {
  username: "This username is already taken.",
  email: "This e-mail address is already used by another user.",
} as const;

const UNIQUE_INDEXES = {
  users_username_lower_unique: { field: "username", message: DUPLICATE_MESSAGES.username },
  users_email_lower_unique: { field: "email", message: DUPLICATE_MESSAGES.email },
};

function duplicateError(fields: (keyof typeof DUPLICATE_MESSAGES)[]): ValidationError {
  return new ValidationError(
    fields.length > 1 ? "The username and e-mail address are already in use." : DUPLICATE_MESSAGES[fields[0]],
    Object.fromEntries(fields.map((field) => [field, [DUPLICATE_MESSAGES[field]]])),
    "duplicate",
  );
}

/** The row's profile columns; an empty display name becomes "First Last". */
function profileValues(input: UserProfileInput) {
  return {
    username: input.username,
    email: input.email || null,
    firstName: input.firstName,
    lastName: input.lastName,
    displayName: displayNameOf(input),
  };
}

/** Username and e-mail are unique case-insensitively; checked first so both fields can be reported. */
async function assertUnique(tx: Tx, values: { username: string; email: string | null }, exceptId?: string) {
  const username = sql`lower(${users.username}) = lower(${values.username})`;
  const email = values.email ? sql`lower(${users.email}) = lower(${values.email})` : undefined;
  const clashes = await tx
    .select({ usernameTaken: sql<boolean>`${username}`, emailTaken: email ? sql<boolean>`${email}` : sql<boolean>`false` })
    .from(users)
    .where(and(or(username, email), exceptId ? ne(users.id, exceptId) : undefined));
  const fields = (["username", "email"] as const).filter((field) =>
    clashes.some((clash) => (field === "username" ? clash.usernameTaken : clash.emailTaken)),
  );
  if (fields.length) throw duplicateError(fields);
}

const SELF_REFUSALS: Partial<Record<keyof UserPermissions, string>> = {
  delete: "You cannot delete your own account.",
  setDisabled: "You cannot disable your own account.",
  setAdmin: "You cannot change your own administrator rights.",
};

/** Locks the user row and refuses the change when the LDAP rule or self-protection forbids it. */
async function lockForChange(tx: Tx, id: string, action: keyof UserPermissions, ldapEnabled: boolean, actor: Actor): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!user) throw new NotFoundError("User not found.");
  return permitted(user, action, ldapEnabled, actor);
}

function permitted(user: User, action: keyof UserPermissions, ldapEnabled: boolean, actor: Actor): User {
  if (userPermissions(user, { ldapEnabled, actorUserId: actor.userId })[action]) return user;
  if (isManagedByLdap(user, ldapEnabled)) throw managedByLdapError("user", user.username);
  throw new ConflictError(SELF_REFUSALS[action] ?? "This change is not allowed.", "self_change");
}

export const NO_LONGER_ADMIN_MESSAGE = "You are no longer an enabled administrator: reload the page.";
export const LAST_ADMIN_MESSAGE =
  "This is the last enabled administrator: make another user an administrator first, so someone can still manage this instance.";

const isActiveAdmin = (user: Pick<User, "isAdmin" | "disabled">) => user.isAdmin && !user.disabled;

/**
 * For verbs that can take administrator rights away (demote, disable, delete): locks the caller's
 * and the target's rows in id order, so two admins acting on each other at once wait for one
 * another instead of deadlocking, then re-checks that the caller is still an enabled admin (the
 * session said so when the request began) and that another enabled admin remains.
 */
async function lockForRemoval(
  tx: Tx,
  id: string,
  action: "delete" | "setDisabled" | "setAdmin",
  ldapEnabled: boolean,
  actor: Actor,
  removesAdmin: boolean,
): Promise<User> {
  const ids = actor.userId && actor.userId !== id ? [actor.userId, id] : [id];
  const locked = await tx.select().from(users).where(inArray(users.id, ids)).orderBy(asc(users.id)).for("update");
  const user = locked.find((row) => row.id === id);
  if (!user) throw new NotFoundError("User not found.");
  if (actor.userId && actor.userId !== id) {
    const caller = locked.find((row) => row.id === actor.userId);
    if (!caller || !isActiveAdmin(caller)) throw new ForbiddenError(NO_LONGER_ADMIN_MESSAGE);
  }
  permitted(user, action, ldapEnabled, actor);
  if (removesAdmin && isActiveAdmin(user)) {
    const [{ others }] = await tx
      .select({ others: count() })
      .from(users)
      .where(and(eq(users.isAdmin, true), eq(users.disabled, false), ne(users.id, id)));
    if (others === 0) throw new ConflictError(LAST_ADMIN_MESSAGE, "last_admin");
  }
  return user;
}

export async function createUser(input: CreateUserInput, ctx: AppContext): Promise<User> {
  const actor = requireAdmin(ctx);
  const data = parseInput(createUserSchema, input);
  const values = profileValues(data);
  const user = await withUniqueFieldErrors(UNIQUE_INDEXES, () =>
    ctx.db.transaction(async (tx) => {
      await assertUnique(tx, values);
      const [created] = await tx.insert(users).values({ ...values, isAdmin: data.isAdmin }).returning();
      await recordAudit(
        { event: "user.created", target: { type: "user", id: created.id, name: created.username }, details: { isAdmin: created.isAdmin } },
        { ...ctx, db: tx },
      );
      return created;
    }),
  );
  ctx.log.info("User created", { userId: user.id, username: user.username, isAdmin: user.isAdmin, by: actor.userId });
  return user;
}

export async function updateUser(input: UpdateUserInput, ctx: AppContext): Promise<User> {
  const actor = requireAdmin(ctx);
  const { id, ...profile } = parseInput(updateUserSchema, input);
  const ldapEnabled = await isLdapEnabled(ctx);
  const values = profileValues(profile);
  const user = await withUniqueFieldErrors(UNIQUE_INDEXES, () =>
    ctx.db.transaction(async (tx) => {
      const before = await lockForChange(tx, id, "edit", ldapEnabled, actor);
      await assertUnique(tx, values, id);
      const [updated] = await tx.update(users).set({ ...values, updatedAt: new Date() }).where(eq(users.id, id)).returning();
      const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => before[key] !== updated[key]);
      if (changed.length) {
        await recordAudit({ event: "user.updated", target: { type: "user", id, name: updated.username }, details: { changed } }, { ...ctx, db: tx });
      }
      return updated;
    }),
  );
  ctx.log.info("User updated", { userId: id, username: user.username, by: actor.userId });
  return user;
}

export async function deleteUser(id: string, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  const userId = parseInput(userIdSchema, id);
  const ldapEnabled = await isLdapEnabled(ctx);
  const user = await ctx.db.transaction(async (tx) => {
    const locked = await lockForRemoval(tx, userId, "delete", ldapEnabled, actor, true);
    // Memberships, passkeys, sessions, login links and OIDC grants and tokens go with the row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, userId));
    await recordAudit(
      { event: "user.deleted", target: { type: "user", id: userId, name: locked.username }, details: { ldap: locked.ldapId !== null } },
      { ...ctx, db: tx },
    );
    return locked;
  });
  ctx.log.info("User deleted", { userId, username: user.username, ldap: user.ldapId !== null, by: actor.userId });
}

/**
 * Disabled users cannot sign in, and their sessions stop working at once (checked per request); their
 * unused login links are deleted, so enabling them again does not revive an old link.
 */
export async function setUserDisabled(input: SetUserFlagInput, ctx: AppContext): Promise<User> {
  return setFlag(input, ctx, "setDisabled", "disabled");
}

export async function setUserAdmin(input: SetUserFlagInput, ctx: AppContext): Promise<User> {
  return setFlag(input, ctx, "setAdmin", "isAdmin");
}

const FLAG_EVENTS = {
  disabled: { true: "user.disabled", false: "user.enabled" },
  isAdmin: { true: "user.admin_granted", false: "user.admin_revoked" },
} as const;

async function setFlag(input: SetUserFlagInput, ctx: AppContext, action: "setDisabled" | "setAdmin", column: "disabled" | "isAdmin") {
  const actor = requireAdmin(ctx);
  const { id, value } = parseInput(setUserFlagSchema, input);
  const ldapEnabled = await isLdapEnabled(ctx);
  const user = await ctx.db.transaction(async (tx) => {
    // Disabling, or taking the admin right away, can leave the instance without an administrator.
    const removesAdmin = column === "disabled" ? value : !value;
    const locked = await lockForRemoval(tx, id, action, ldapEnabled, actor, removesAdmin);
    if (locked[column] === value) return locked;
    if (column === "disabled" && value) await deleteUnusedLoginLinks(tx, id);
    const [updated] = await tx.update(users).set({ [column]: value, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    // A disabled user's applications lose their grants and tokens with the same commit.
    if (column === "disabled" && value) await revokeUserOidcState([id], tx);
    await recordAudit({ event: FLAG_EVENTS[column][String(value) as "true" | "false"], target: { type: "user", id, name: updated.username } }, { ...ctx, db: tx });
    return updated;
  });
  ctx.log.info(column === "disabled" ? "User disabled state set" : "User admin right set", {
    userId: id,
    username: user.username,
    [column]: value,
    by: actor.userId,
  });
  return user;
}
