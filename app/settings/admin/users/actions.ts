"use server";

import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { createUser } from "@/lib/users/mutations";
import { createUserSchema } from "@/lib/users/schema";
import { revalidateDirectory } from "./revalidate";

/** "Create" in the Add user dialog; createUser refuses callers who are not admins. */
export async function createUserAction(values: unknown) {
  return runAction(async () => {
    const user = await createUser(parseInput(createUserSchema, values), await getRequestContext());
    revalidateDirectory();
    return { id: user.id };
  });
}
