"use server";
// The users list. The verb refuses callers who are not admins: a server action is a public endpoint.
import { defineAction } from "@/lib/http/action";
import { createUser } from "@/lib/users/mutations";
import { createUserSchema } from "@/lib/users/schema";
import { getBulkInviteRun, startBulkInvite } from "@/lib/mail/bulk-invite";
import { bulkInviteSchema, bulkRunSchema } from "@/lib/mail/bulk-schema";
import { DIRECTORY_PAGES } from "./revalidate";

/** "Create" in the Add user dialog. */
export const createUserAction = defineAction(createUserSchema, async (input, ctx) => ({ id: (await createUser(input, ctx)).id }), {
  revalidate: DIRECTORY_PAGES,
});

/** "Send login links": starts the SendLoginLinks job; the dialog then follows the run. */
export const startBulkInviteAction = defineAction(bulkInviteSchema, startBulkInvite);
export const getBulkInviteRunAction = defineAction(bulkRunSchema, getBulkInviteRun);
