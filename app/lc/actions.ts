"use server";
// /lc: "Continue" uses the opened login link (its token is in a cookie, never in the page).
import { z } from "zod";
import { defineAction } from "@/lib/http/action";
import { signInWithLoginLink } from "@/lib/auth/browser-sign-in";

/** Signs the link's user in and sends them to add a passkey. */
export const consumeLoginLinkAction = defineAction(z.void(), signInWithLoginLink, { redirectTo: "/settings/account" });
