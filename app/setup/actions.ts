"use server";
// /setup: the first administrator and their passkey, created together.
import { defineAction } from "@/lib/http/action";
import { completeSetup } from "@/lib/auth/browser-sign-in";
import { finishRegistrationSchema, setupSchema } from "@/lib/auth/schema";
import { beginSetup } from "@/lib/auth/setup";

/** Step 1: validates the admin's details and returns the options for creating their passkey. */
export const beginSetupAction = defineAction(setupSchema, beginSetup);
/** Step 2: creates the admin with the passkey, signs them in and opens their account page. */
export const finishSetupAction = defineAction(finishRegistrationSchema, completeSetup, { redirectTo: "/settings/account" });
