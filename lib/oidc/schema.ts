// Client-safe: the OIDC client forms, the CLI and the verbs validate with these.
import { z } from "zod";
import { isPlainText, PLAIN_TEXT_ERROR } from "@/lib/security/text";

export const CLIENT_NAME_MAX_LENGTH = 100;
const MAX_URLS = 20;
const URL_MAX_LENGTH = 2000;
/** Schemes a browser would run or read locally instead of navigating to an application. */
const FORBIDDEN_SCHEMES = new Set(["javascript:", "data:", "file:", "vbscript:", "blob:", "about:"]);

/**
 * A redirect target: an absolute http(s) URL, or a native app's custom scheme
 * (`com.example.app:/callback`); never a fragment, which the code would be lost in.
 */
export const callbackUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter a URL.")
  .max(URL_MAX_LENGTH, `At most ${URL_MAX_LENGTH} characters.`)
  .refine((value) => URL.canParse(value), "Enter an absolute URL such as https://app.example.com/callback.")
  .refine((value) => !URL.canParse(value) || !FORBIDDEN_SCHEMES.has(new URL(value).protocol), "This kind of URL cannot receive a sign-in.")
  .refine((value) => !value.includes("#"), "A callback URL cannot contain a fragment (#).");

/** Where "My apps" sends a user to open the application; empty for none. */
const launchUrlSchema = z
  .string()
  .trim()
  .max(URL_MAX_LENGTH, `At most ${URL_MAX_LENGTH} characters.`)
  .refine((value) => value === "" || (URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol)), "Enter an http(s) URL.");

const urlListSchema = z.array(callbackUrlSchema).max(MAX_URLS, `At most ${MAX_URLS} URLs.`);

/** Every field of a client, as the create and edit forms hold them (input and output types alike). */
export const oidcClientFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name.")
    .max(CLIENT_NAME_MAX_LENGTH, `At most ${CLIENT_NAME_MAX_LENGTH} characters.`)
    .refine(isPlainText, PLAIN_TEXT_ERROR),
  callbackUrls: urlListSchema.min(1, "Add at least one callback URL."),
  logoutCallbackUrls: urlListSchema,
  isPublic: z.boolean(),
  /** Confidential clients may opt out of PKCE; public clients always use it. */
  pkceRequired: z.boolean(),
  /** Group names (LDAP or local, matched case-insensitively); none = everyone may sign in. */
  allowedGroups: z.array(z.string().trim().min(1).max(100)).max(100, "At most 100 groups."),
  launchUrl: launchUrlSchema,
});
export type OidcClientFields = z.infer<typeof oidcClientFieldsSchema>;

/** Creation (the form, the CLI): fields the CLI may leave out get their defaults. */
export const createOidcClientSchema = oidcClientFieldsSchema.extend({
  logoutCallbackUrls: urlListSchema.default([]),
  isPublic: z.boolean().default(false),
  pkceRequired: z.boolean().default(false),
  allowedGroups: oidcClientFieldsSchema.shape.allowedGroups.default([]),
  launchUrl: launchUrlSchema.default(""),
});
export type CreateOidcClientInput = z.input<typeof createOidcClientSchema>;

/** Client ids are ours (UUIDs); anything outside printable ASCII names no client. */
export const CLIENT_ID_PATTERN = /^[\x21-\x7e]{1,100}$/;
export const oidcClientIdSchema = z.string().trim().min(1, "Give a client id.").regex(CLIENT_ID_PATTERN, "Unknown client.");

/** The edit form: every field, replacing the stored ones. */
export const updateOidcClientSchema = oidcClientFieldsSchema.extend({ id: oidcClientIdSchema });
export type UpdateOidcClientInput = z.input<typeof updateOidcClientSchema>;
