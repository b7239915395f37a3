"use server";
// A user's page. Every verb checks the caller is an admin and applies the LDAP rule itself: these
// actions are public endpoints and refuse (401/403) whatever the page did or did not show.
import { defineAction, withoutResult } from "@/lib/http/action";
import { createOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { deletePasskeyOfUser } from "@/lib/auth/passkeys";
import { loginLinkSchema } from "@/lib/auth/schema";
import { formatLoginCode } from "@/lib/auth/login-codes";
import { emailLoginLink } from "@/lib/mail/login-links";
import { endUserSessions } from "@/lib/auth/sessions";
import { setUserClaims } from "@/lib/claims/mutations";
import { setUserClaimsSchema } from "@/lib/claims/schema";
import { searchGroupsForPicker } from "@/lib/groups/list";
import { addUserToGroups, removeUserFromGroups } from "@/lib/groups/memberships";
import { groupPickerQuerySchema } from "@/lib/groups/schema";
import { deleteUser, setUserAdmin, setUserDisabled, updateUser } from "@/lib/users/mutations";
import { setUserFlagSchema, updateUserSchema, userGroupsChangeSchema, userIdSchema, userPasskeySchema } from "@/lib/users/schema";
import { DIRECTORY_PAGES } from "../revalidate";

const revalidate = DIRECTORY_PAGES;
const userPage = (userId: string) => [`/settings/admin/users/${userId}`];

export const updateUserAction = defineAction(updateUserSchema, withoutResult(updateUser), { revalidate });
export const deleteUserAction = defineAction(userIdSchema, deleteUser, { revalidate });
export const setUserDisabledAction = defineAction(setUserFlagSchema, withoutResult(setUserDisabled), { revalidate });
export const setUserAdminAction = defineAction(setUserFlagSchema, withoutResult(setUserAdmin), { revalidate });
export const addUserToGroupsAction = defineAction(userGroupsChangeSchema, addUserToGroups, { revalidate });
export const removeUserFromGroupsAction = defineAction(userGroupsChangeSchema, removeUserFromGroups, { revalidate });

/** "Remove" in the Passkeys card; allowed for LDAP users too (passkeys are local data). */
export const removeUserPasskeyAction = defineAction(userPasskeySchema, deletePasskeyOfUser, { revalidate: (input) => userPage(input.userId) });

/** "Sign out everywhere"; allowed for LDAP users too (sessions are local data). Returns how many ended. */
export const endUserSessionsAction = defineAction(userIdSchema, endUserSessions, { revalidate: (userId) => userPage(userId) });

/** The Custom claims card's "Save"; allowed for LDAP users too (claims are not directory data). */
export const setUserClaimsAction = defineAction(setUserClaimsSchema, withoutResult(setUserClaims), { revalidate: (input) => userPage(input.userId) });

/** "Create login link"; never for disabled users. */
export const createLoginLinkAction = defineAction(loginLinkSchema, async (input, ctx) => {
  const link = await createOneTimeAccessToken(input, ctx);
  return { url: link.url, expiresAt: link.expiresAt.toISOString(), code: link.code ? formatLoginCode(link.code) : null };
});

/** "Send login link by e-mail"; never for disabled users or users without an address. */
export const emailLoginLinkAction = defineAction(loginLinkSchema, emailLoginLink);

/** The "Add to groups" picker's search. */
export const searchGroupsAction = defineAction(groupPickerQuerySchema, searchGroupsForPicker);
