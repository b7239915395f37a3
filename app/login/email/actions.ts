"use server";
// /login/email: "E-mail me a sign-in link". The same answer whether the address is known or not.
import { defineAction } from "@/lib/http/action";
import { requestSignInLink } from "@/lib/mail/self-service";
import { signInLinkRequestSchema } from "@/lib/mail/self-service-schema";

export const requestSignInLinkAction = defineAction(signInLinkRequestSchema, requestSignInLink);
