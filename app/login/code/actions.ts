"use server";
// /login/code: sign in with the typed code of a short-lived login link.
import { defineAction } from "@/lib/http/action";
import { signInWithLoginCode } from "@/lib/auth/browser-sign-in";
import { loginCodeFormSchema } from "@/lib/auth/schema";

/** Uses the code's link up, signs its user in and opens the account page (to add a passkey). */
export const signInWithCodeAction = defineAction(loginCodeFormSchema, signInWithLoginCode, { redirectTo: "/settings/account" });
