// Client-safe: the user forms (react-hook-form) and the server (actions, verbs) validate with these.
import { z } from "zod";
import { accountDetailsSchema } from "@/lib/auth/schema";
import { isPlainText, PLAIN_TEXT_ERROR, withoutNul } from "@/lib/security/text";
import { NAME_MAX } from "./profile";

/**
 * The editable profile of a local user, shared by the create and edit forms. Username, e-mail and name
 * rules are the identity forms' (lib/auth/schema.ts), so every form in the product agrees: usernames
 * are 1–50 letters, digits and `_ . @ -`, starting and ending with a letter or digit; the e-mail is
 * optional; the first name is required; names are at most 100 characters.
 */
export const userProfileSchema = accountDetailsSchema.extend({
  /** Empty: shown as "First Last". */
  displayName: z.string().trim().max(NAME_MAX, { error: `Display name must be at most ${NAME_MAX} characters` }).refine(isPlainText, { error: PLAIN_TEXT_ERROR }),
});
export type UserProfileInput = z.infer<typeof userProfileSchema>;

export const createUserSchema = userProfileSchema.extend({ isAdmin: z.boolean() });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userIdSchema = z.guid("Unknown user.");

export const updateUserSchema = userProfileSchema.extend({ id: userIdSchema });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** An administrator removing one of a user's passkeys from the user's page. */
export const userPasskeySchema = z.object({ userId: userIdSchema, passkeyId: z.guid("Unknown passkey.") });
export type UserPasskeyInput = z.infer<typeof userPasskeySchema>;

export const setUserFlagSchema = z.object({ id: userIdSchema, value: z.boolean() });
export type SetUserFlagInput = z.infer<typeof setUserFlagSchema>;

/** Adding a user to groups, or removing them, from the user's page. */
export const userGroupsChangeSchema = z.object({
  userId: userIdSchema,
  groupIds: z.array(z.guid("Unknown group.")).min(1, "Choose at least one group.").max(500, "At most 500 groups at once."),
});
export type UserGroupsChangeInput = z.infer<typeof userGroupsChangeSchema>;

export const USER_SORTS = ["username", "name", "email", "created"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const DEFAULT_PAGE_SIZE = 20;

export const USER_SOURCES = ["ldap", "local"] as const;
export const USER_STATUSES = ["active", "disabled"] as const;
export const USER_ROLES = ["admin", "user"] as const;

/**
 * The list's URL state (`?q=&page=&sort=&dir=&source=&status=&role=`). Lenient: anything invalid falls back to the default,
 * so a hand-edited URL shows the list instead of an error.
 */
export const userListQuerySchema = z.object({
  q: z.string().trim().max(100).transform(withoutNul).catch(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(DEFAULT_PAGE_SIZE),
  sort: z.enum(USER_SORTS).catch("username"),
  dir: z.enum(SORT_DIRECTIONS).catch("asc"),
  /** Filters; absent (or anything else): everyone. */
  source: z.enum(USER_SOURCES).optional().catch(undefined),
  status: z.enum(USER_STATUSES).optional().catch(undefined),
  role: z.enum(USER_ROLES).optional().catch(undefined),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userPickerQuerySchema = z.object({
  q: z.string().trim().max(100).transform(withoutNul).catch(""),
  /** Leave out users who already belong to this group. */
  excludeGroupId: z.guid().optional().catch(undefined),
});
export type UserPickerQuery = z.infer<typeof userPickerQuerySchema>;
