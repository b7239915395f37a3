"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/guards";
import { deletePasskeyOfUser } from "@/lib/auth/passkeys";
import { endUserSessions } from "@/lib/auth/sessions";
import { parseInput, runAction } from "@/lib/http/result";
import { deleteUser, setUserAdmin, setUserDisabled, updateUser } from "@/lib/users/mutations";
import { setUserFlagSchema, updateUserSchema, userGroupsChangeSchema, userIdSchema, userPasskeySchema } from "@/lib/users/schema";
import { addUserToGroups, removeUserFromGroups } from "@/lib/groups/memberships";
import { searchGroupsForPicker } from "@/lib/groups/list";
import { groupPickerQuerySchema } from "@/lib/groups/schema";
import { revalidateDirectory } from "../revalidate";

// A user's page. Every verb checks the caller is an admin and applies the LDAP rule itself: these
// actions are public endpoints and refuse (401/403) whatever the page did or did not show.

export async function updateUserAction(values: unknown) {
  return runAction(async () => {
    await updateUser(parseInput(updateUserSchema, values), await getRequestContext());
    revalidateDirectory();
  });
}

export async function deleteUserAction(id: unknown) {
  return runAction(async () => {
    await deleteUser(parseInput(userIdSchema, id), await getRequestContext());
    revalidateDirectory();
  });
}

export async function setUserDisabledAction(values: unknown) {
  return runAction(async () => {
    await setUserDisabled(parseInput(setUserFlagSchema, values), await getRequestContext());
    revalidateDirectory();
  });
}

export async function setUserAdminAction(values: unknown) {
  return runAction(async () => {
    await setUserAdmin(parseInput(setUserFlagSchema, values), await getRequestContext());
    revalidateDirectory();
  });
}

export async function addUserToGroupsAction(values: unknown) {
  return runAction(async () => {
    const added = await addUserToGroups(parseInput(userGroupsChangeSchema, values), await getRequestContext());
    revalidateDirectory();
    return added;
  });
}

export async function removeUserFromGroupsAction(values: unknown) {
  return runAction(async () => {
    const removed = await removeUserFromGroups(parseInput(userGroupsChangeSchema, values), await getRequestContext());
    revalidateDirectory();
    return removed;
  });
}

/** "Remove" in the Passkeys card; allowed for LDAP users too (passkeys are local data). */
export async function removeUserPasskeyAction(values: unknown) {
  return runAction(async () => {
    const input = parseInput(userPasskeySchema, values);
    await deletePasskeyOfUser(input, await getRequestContext());
    revalidatePath(`/settings/admin/users/${input.userId}`);
  });
}

/** "Sign out everywhere"; allowed for LDAP users too (sessions are local data). Returns how many ended. */
export async function endUserSessionsAction(id: unknown) {
  return runAction(async () => {
    const userId = parseInput(userIdSchema, id);
    const ended = await endUserSessions(userId, await getRequestContext());
    revalidatePath(`/settings/admin/users/${userId}`);
    return ended;
  });
}

/** The "Add to groups" picker's search. */
export async function searchGroupsAction(values: unknown) {
  return runAction(async () => searchGroupsForPicker(parseInput(groupPickerQuerySchema, values), await getRequestContext()));
}
