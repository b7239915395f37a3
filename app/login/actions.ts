"use server";
// /login: passkey sign-in with a discoverable credential (the browser picks the account).
import { z } from "zod";
import { defineAction } from "@/lib/http/action";
import { beginSignIn, pageAfterSignIn, signInWithPasskey } from "@/lib/auth/browser-sign-in";
import { finishSignInSchema } from "@/lib/auth/schema";

export const beginSignInAction = defineAction(z.void(), beginSignIn);
/** Verifies the passkey assertion, starts a session and opens the account page (or the OpenID Connect sign-in it came from). */
export const finishSignInAction = defineAction(finishSignInSchema, signInWithPasskey, { redirectTo: (input) => pageAfterSignIn(input.continueTo) });
