"use server";
// "Sync now" / "Sync anyway" from the LDAP card. A server action is a public endpoint: the verb
// checks that the caller is an administrator. Nothing to revalidate at start: the card polls.
import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction, type ActionResult } from "@/lib/http/result";
import { startLdapSync } from "@/lib/jobs/ldap-sync";
import { syncLdapInputSchema } from "@/lib/jobs/schema";

export async function syncLdapNow(input: { force?: boolean }): Promise<ActionResult<{ runId: string }>> {
  return runAction(async () => {
    const { force } = parseInput(syncLdapInputSchema.pick({ force: true }), input);
    return startLdapSync({ force, trigger: "manual" }, await getRequestContext());
  });
}
