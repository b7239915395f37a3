// Identity form and action schemas. Client-safe: shared by react-hook-form and the server actions.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/browser";
import { z } from "zod";
import { isPlainText, PLAIN_TEXT_ERROR } from "@/lib/security/text";
import { EMAIL_MAX, NAME_MAX, USERNAME_MAX } from "@/lib/users/profile";
import { MIXED_SCRIPT_ERROR, USERNAME_PATTERN, mixesScripts } from "./username";

export const usernameSchema = z
  .string()
  .trim()
  .min(1, { error: "Username is required" })
  .refine((value) => [...value].length <= USERNAME_MAX, { error: `Username must be at most ${USERNAME_MAX} characters` })
  .regex(USERNAME_PATTERN, {
    error: "Use letters, digits and _ . @ - only, starting and ending with a letter or digit",
  })
  .refine((value) => !mixesScripts(value), { error: MIXED_SCRIPT_ERROR });

const optionalEmail = z
  .string()
  .trim()
  .max(EMAIL_MAX, { error: `Email must be at most ${EMAIL_MAX} characters` })
  .refine((value) => value === "" || z.email().safeParse(value).success, { error: "Enter a valid email address" });

const personName = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${label} is required` })
    .max(NAME_MAX, { error: `${label} must be at most ${NAME_MAX} characters` })
    .refine(isPlainText, { error: PLAIN_TEXT_ERROR });

/** The account fields a user (setup, own account page) fills in. */
export const accountDetailsSchema = z.object({
  username: usernameSchema,
  email: optionalEmail,
  firstName: personName("First name"),
  lastName: z.string().trim().max(NAME_MAX, { error: `Last name must be at most ${NAME_MAX} characters` }).refine(isPlainText, { error: PLAIN_TEXT_ERROR }),
});
export type AccountDetailsInput = z.input<typeof accountDetailsSchema>;
export type AccountDetails = z.output<typeof accountDetailsSchema>;

/** The first administrator needs an e-mail address: it is how they are told about the instance. */
export const setupSchema = accountDetailsSchema.extend({
  email: optionalEmail.refine((value) => value !== "", { error: "Email is required" }),
});
export type SetupInput = z.input<typeof setupSchema>;

export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Name is required" })
  .max(60, { error: "Name must be at most 60 characters" })
  .refine(isPlainText, { error: PLAIN_TEXT_ERROR });

export const renamePasskeySchema = z.object({ passkeyId: z.uuid(), name: passkeyNameSchema });
export const deletePasskeySchema = z.object({ passkeyId: z.uuid() });
export type RenamePasskeyInput = z.input<typeof renamePasskeySchema>;
export type DeletePasskeyInput = z.input<typeof deletePasskeySchema>;

/** Lifetimes offered for an admin-created login link, in minutes. */
export const LOGIN_LINK_LIFETIMES = [
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 720, label: "12 hours" },
  { minutes: 1440, label: "1 day" },
  { minutes: 10_080, label: "1 week" },
  { minutes: 43_200, label: "1 month" },
] as const;

export function lifetimeLabel(minutes: number): string {
  return LOGIN_LINK_LIFETIMES.find((lifetime) => lifetime.minutes === minutes)?.label ?? `${minutes} minutes`;
}

/** Links that live at most this long also get a typed code (phones, another device, read aloud). */
export const LOGIN_CODE_MAX_TTL_MINUTES = 15;
/** No 0/O, 1/I/L: a code read from a phone or over the phone is typed right the first time. */
export const LOGIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const LOGIN_CODE_LENGTH = 6;

/** A typed code as entered: case, spaces and dashes do not matter ("abc-def" is "ABCDEF"). */
export const loginCodeSchema = z
  .string()
  .max(40)
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ""))
  .refine((value) => value.length === LOGIN_CODE_LENGTH && [...value].every((char) => LOGIN_CODE_ALPHABET.includes(char)), {
    error: `Enter the ${LOGIN_CODE_LENGTH}-character code from the e-mail`,
  });
export const loginCodeFormSchema = z.object({ code: loginCodeSchema });
export type LoginCodeFormInput = z.input<typeof loginCodeFormSchema>;

/** One of LOGIN_LINK_LIFETIMES, in minutes (a form sends it as text). */
export const loginLinkTtlSchema = z.coerce
  .number()
  .refine((value) => LOGIN_LINK_LIFETIMES.some((lifetime) => lifetime.minutes === value), {
    error: "Choose one of the offered lifetimes",
  });

export const loginLinkSchema = z.object({
  userId: z.uuid({ error: "Unknown user" }),
  ttlMinutes: loginLinkTtlSchema,
});
export type LoginLinkInput = z.input<typeof loginLinkSchema>;

const base64url = z.string().max(20_000).regex(/^[A-Za-z0-9_-]*$/, { error: "must be base64url" });

/** What @simplewebauthn/browser's startRegistration() returns; the library verifies the contents. */
export const registrationResponseSchema = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(30)).max(10).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

/** What @simplewebauthn/browser's startAuthentication() returns. */
export const authenticationResponseSchema = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

/**
 * A ceremony's result checked by `shape` and typed as @simplewebauthn's own type, which the library's
 * verify functions take (its interfaces have no index signature, so the shape's type would not match).
 */
const ceremonyResponse = <T>(shape: z.ZodType, what: string) =>
  z.custom<T>((value) => shape.safeParse(value).success, { error: `Not a valid ${what} response` });

/** Inputs of the verbs that finish a passkey ceremony (registration, setup, sign-in). */
export const finishRegistrationSchema = z.object({ response: ceremonyResponse<RegistrationResponseJSON>(registrationResponseSchema, "passkey registration") });
export type FinishRegistrationInput = z.input<typeof finishRegistrationSchema>;
export const finishSignInSchema = z.object({
  response: ceremonyResponse<AuthenticationResponseJSON>(authenticationResponseSchema, "passkey sign-in"),
  /** The OpenID Connect sign-in page to open afterwards instead of the account page. */
  continueTo: z.string().max(200).optional(),
});
export type FinishSignInInput = z.input<typeof finishSignInSchema>;

/** One-time link tokens are base64url; anything else is rejected before touching the database. */
export const oneTimeTokenSchema = z.string().min(16).max(200).regex(/^[A-Za-z0-9_-]+$/);
