"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { accountDetailsSchema, deletePasskeySchema, registrationResponseSchema, renamePasskeySchema } from "@/lib/auth/schema";
import { updateMyAccount } from "@/lib/auth/account";
import { beginPasskeyRegistration, deleteMyPasskey, finishPasskeyRegistration, renameMyPasskey } from "@/lib/auth/passkeys";

export async function updateAccountAction(values: unknown) {
  const result = await runAction(async () => updateMyAccount(parseInput(accountDetailsSchema, values), await getRequestContext()));
  revalidatePath("/settings", "layout");
  return result;
}

export async function beginPasskeyRegistrationAction() {
  return runAction(async () => beginPasskeyRegistration(undefined, await getRequestContext()));
}

export async function finishPasskeyRegistrationAction(response: unknown) {
  const result = await runAction(async () => {
    const passkey = await finishPasskeyRegistration(
      { response: parseInput(registrationResponseSchema, response) },
      await getRequestContext(),
    );
    return { name: passkey.name };
  });
  revalidatePath("/settings/account");
  return result;
}

export async function renamePasskeyAction(values: unknown) {
  const result = await runAction(async () => {
    await renameMyPasskey(parseInput(renamePasskeySchema, values), await getRequestContext());
  });
  revalidatePath("/settings/account");
  return result;
}

export async function deletePasskeyAction(values: unknown) {
  const result = await runAction(async () => {
    await deleteMyPasskey(parseInput(deletePasskeySchema, values), await getRequestContext());
  });
  revalidatePath("/settings/account");
  return result;
}
