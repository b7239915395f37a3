"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { revokeMyAuthorization } from "@/lib/oidc/my-apps";
import { oidcClientIdSchema } from "@/lib/oidc/schema";

/** "Revoke" on My apps: ends the caller's own consent for one application. */
export async function revokeAuthorizationAction(clientId: unknown) {
  return runAction(async () => {
    await revokeMyAuthorization(parseInput(oidcClientIdSchema, clientId), await getRequestContext());
    revalidatePath("/settings/apps");
  });
}
