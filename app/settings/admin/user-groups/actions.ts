"use server";
// The groups list. The verb refuses callers who are not admins: a server action is a public endpoint.
import { defineAction } from "@/lib/http/action";
import { createGroup } from "@/lib/groups/mutations";
import { groupFieldsSchema } from "@/lib/groups/schema";
import { DIRECTORY_PAGES } from "../users/revalidate";

/** "Create" in the Add group dialog. */
export const createGroupAction = defineAction(groupFieldsSchema, async (input, ctx) => ({ id: (await createGroup(input, ctx)).id }), {
  revalidate: DIRECTORY_PAGES,
});
