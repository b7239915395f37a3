"use server";
// The Applications list and the Add application page. The verbs refuse callers who are not admins:
// a server action is a public endpoint.
import { defineAction } from "@/lib/http/action";
import { searchGroupsForPicker } from "@/lib/groups/list";
import { groupPickerQuerySchema } from "@/lib/groups/schema";
import { createOidcClient, deleteOidcClient } from "@/lib/oidc/clients";
import { createOidcClientSchema, oidcClientIdSchema } from "@/lib/oidc/schema";
import { APPLICATION_PAGES as revalidate } from "./revalidate";

/** "Create" on the Add application page; the result carries the secret, shown once. */
export const createOidcClientAction = defineAction(createOidcClientSchema, createOidcClient, { revalidate });

/** "Delete" on the list and on a client's page. */
export const deleteOidcClientAction = defineAction(oidcClientIdSchema, deleteOidcClient, { revalidate });

/** The allowed groups picker's search: LDAP and local groups alike. */
export const searchClientGroupsAction = defineAction(groupPickerQuerySchema, (input, ctx) => searchGroupsForPicker({ ...input, anySource: true }, ctx));
