"use server";
// A client's page. The verbs refuse callers who are not admins: a server action is a public endpoint.
import { defineAction } from "@/lib/http/action";
import { regenerateOidcClientSecret, updateOidcClient } from "@/lib/oidc/clients";
import { oidcClientIdSchema, updateOidcClientSchema } from "@/lib/oidc/schema";
import { APPLICATION_PAGES as revalidate } from "../revalidate";

/** "Save"; a client that became confidential gets its new secret back, shown once. */
export const updateOidcClientAction = defineAction(updateOidcClientSchema, updateOidcClient, { revalidate });

/** "Regenerate secret": the old secret stops working at once; the new one is shown once. */
export const regenerateOidcClientSecretAction = defineAction(oidcClientIdSchema, regenerateOidcClientSecret, { revalidate });
