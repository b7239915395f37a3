"use server";

import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { createGroup } from "@/lib/groups/mutations";
import { groupFieldsSchema } from "@/lib/groups/schema";
import { revalidateDirectory } from "../users/revalidate";

/** "Create" in the Add group dialog; createGroup refuses callers who are not admins. */
export async function createGroupAction(values: unknown) {
  return runAction(async () => {
    const group = await createGroup(parseInput(groupFieldsSchema, values), await getRequestContext());
    revalidateDirectory();
    return { id: group.id };
  });
}
