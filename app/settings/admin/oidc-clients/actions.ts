"use server";
// The Applications page. The verb refuses callers who are not admins: a server action is a public endpoint.
import { defineAction } from "@/lib/http/action";
import { deleteOidcClient } from "@/lib/oidc/clients";
import { oidcClientIdSchema } from "@/lib/oidc/schema";

/** "Delete" on the Applications page. */
export const deleteOidcClientAction = defineAction(oidcClientIdSchema, deleteOidcClient, { revalidate: ["/settings/admin/oidc-clients"] });
