// "E-mail me a sign-in link": the one field. Client-safe.
import { z } from "zod";
import { EMAIL_MAX } from "@/lib/users/profile";

export const signInLinkRequestSchema = z.object({
  email: z.string().trim().max(EMAIL_MAX, { error: `Email must be at most ${EMAIL_MAX} characters` }).pipe(z.email({ error: "Enter your e-mail address" })),
});
export type SignInLinkRequestInput = z.input<typeof signInLinkRequestSchema>;
