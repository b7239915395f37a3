"use server";
// The signed-in user's own account and passkeys; every verb acts on the caller only.
import { z } from "zod";
import { defineAction, withoutResult } from "@/lib/http/action";
import { updateMyAccount } from "@/lib/auth/account";
import { beginPasskeyRegistration, deleteMyPasskey, finishPasskeyRegistration, renameMyPasskey } from "@/lib/auth/passkeys";
import { removeMyPicture, setMyPicture } from "@/lib/pictures/own";
import { uploadPictureSchema } from "@/lib/pictures/urls";
import { accountDetailsSchema, deletePasskeySchema, finishRegistrationSchema, renamePasskeySchema } from "@/lib/auth/schema";

const accountPage = ["/settings/account"];

// The settings layout shows the user's name, so the whole /settings tree is revalidated.
export const updateAccountAction = defineAction(accountDetailsSchema, updateMyAccount, { revalidate: [{ path: "/settings", type: "layout" }] });
export const beginPasskeyRegistrationAction = defineAction(z.void(), beginPasskeyRegistration);
export const finishPasskeyRegistrationAction = defineAction(
  finishRegistrationSchema,
  async (input, ctx) => ({ name: (await finishPasskeyRegistration(input, ctx)).name }),
  { revalidate: accountPage },
);
export const renamePasskeyAction = defineAction(renamePasskeySchema, withoutResult(renameMyPasskey), { revalidate: accountPage });
export const deletePasskeyAction = defineAction(deletePasskeySchema, deleteMyPasskey, { revalidate: accountPage });
// The picture shows in the top bar too: the whole /settings tree is revalidated.
export const uploadPictureAction = defineAction(uploadPictureSchema, setMyPicture, { revalidate: [{ path: "/settings", type: "layout" }] });
export const removePictureAction = defineAction(z.void(), removeMyPicture, { revalidate: [{ path: "/settings", type: "layout" }] });
