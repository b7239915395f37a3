"use server";
// My apps: the verb acts on the caller's own authorisations only.
import { defineAction } from "@/lib/http/action";
import { revokeMyAuthorization } from "@/lib/oidc/my-apps";
import { oidcClientIdSchema } from "@/lib/oidc/schema";

/** "Revoke" on My apps: ends the caller's own consent for one application (its grant and tokens). */
export const revokeAuthorizationAction = defineAction(oidcClientIdSchema, revokeMyAuthorization, { revalidate: ["/settings/apps"] });
