"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { deleteOidcClient } from "@/lib/oidc/clients";
import { oidcClientIdSchema } from "@/lib/oidc/schema";

/** "Delete" on the Applications page; deleteOidcClient refuses callers who are not admins. */
export async function deleteOidcClientAction(id: unknown) {
  return runAction(async () => {
    await deleteOidcClient(parseInput(oidcClientIdSchema, id), await getRequestContext());
    revalidatePath("/settings/admin/oidc-clients");
  });
}
