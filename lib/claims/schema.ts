// Custom claims: what a claim name and value may be, the forms' schemas, and the LDAP mapping
// setting's format. Client-safe (the claim editors, the configuration form and the verbs share it).
import { z } from "zod";
import { attributeNameError } from "@/lib/config/ldap-syntax";
import { isPlainText, PLAIN_TEXT_ERROR } from "@/lib/security/text";
import { CLAIM_KEY_MAX, CLAIM_VALUE_MAX, CLAIMS_PER_OWNER_MAX, LDAP_CLAIM_MAPPINGS_MAX } from "./limits";


/** A letter, then letters, digits, `_ . -`: safe as a JSON key and in the mapping setting. */
const CLAIM_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Names a custom claim can never take, compared case-insensitively: the JWT and ID token claims the
 * provider sets (RFC 7519, OpenID Connect Core §2), the standard profile claims (§5.1) and `groups`.
 * A custom claim must never be mistaken for one of these by an application.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  // JWT and ID token
  "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "auth_time", "nonce", "acr", "amr", "azp", "sid",
  "at_hash", "c_hash", "s_hash", "cnf", "scope", "client_id", "typ", "events", "act", "may_act",
  "_claim_names", "_claim_sources",
  // Standard claims
  "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
  "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale",
  "phone_number", "phone_number_verified", "address", "updated_at",
  // This provider's own
  "groups",
]);

export function isReservedClaim(key: string): boolean {
  return RESERVED_CLAIMS.has(key.toLowerCase());
}

/** The error code a reserved name is refused with (ValidationError.code, through parseInput). */
export const RESERVED_CLAIM_CODE = "reserved_claim";

/** Why a claim name is not acceptable, or null. */
export function claimKeyProblem(key: string): { message: string; reserved?: true } | null {
  if (key === "") return { message: "Enter a claim name." };
  if (key.length > CLAIM_KEY_MAX) return { message: `At most ${CLAIM_KEY_MAX} characters.` };
  if (!CLAIM_KEY_PATTERN.test(key)) return { message: "Start with a letter; use letters, digits and _ . - only." };
  if (isReservedClaim(key)) return { message: `“${key}” is a reserved claim name: the provider sets it itself.`, reserved: true };
  return null;
}

export const claimKeySchema = z
  .string()
  .trim()
  .superRefine((key, ctx) => {
    const problem = claimKeyProblem(key);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: problem.reserved ? { code: RESERVED_CLAIM_CODE } : undefined });
  });

export const claimValueSchema = z
  .string()
  .trim()
  .min(1, "Enter a value.")
  .max(CLAIM_VALUE_MAX, `At most ${CLAIM_VALUE_MAX} characters.`)
  .refine(isPlainText, PLAIN_TEXT_ERROR);

export const claimSchema = z.object({ key: claimKeySchema, value: claimValueSchema });
export type ClaimInput = z.input<typeof claimSchema>;

/** The editor's list: each name once (case-insensitively, as applications may compare them). */
export const claimListSchema = z
  .array(claimSchema)
  .max(CLAIMS_PER_OWNER_MAX, `At most ${CLAIMS_PER_OWNER_MAX} claims.`)
  .superRefine((claims, ctx) => {
    const seen = new Set<string>();
    claims.forEach((claim, index) => {
      const lower = claim.key.toLowerCase();
      if (seen.has(lower)) ctx.addIssue({ code: "custom", path: [index, "key"], message: "This name is already in the list." });
      seen.add(lower);
    });
  });

/** The claim editor's form (the owner's id is added by the caller). */
export const claimsFormSchema = z.object({ claims: claimListSchema });
export type ClaimsFormInput = z.input<typeof claimsFormSchema>;

export const setUserClaimsSchema = claimsFormSchema.extend({ userId: z.guid("Unknown user.") });
export type SetUserClaimsInput = z.input<typeof setUserClaimsSchema>;
export const setGroupClaimsSchema = claimsFormSchema.extend({ groupId: z.guid("Unknown group.") });
export type SetGroupClaimsInput = z.input<typeof setGroupClaimsSchema>;

/** One `claim:attribute` pair of LDAP_CUSTOM_CLAIMS. */
export interface LdapClaimMapping {
  claim: string;
  attribute: string;
}

/**
 * Parses LDAP_CUSTOM_CLAIMS: comma-separated `claim:attribute` pairs, e.g.
 * `department:departmentNumber,employee_id:employeeNumber` (spaces around items are ignored; empty
 * means none). Returns the pairs, or the first problem and whether it is a reserved name.
 */
export function parseLdapClaimMappings(text: string): { ok: true; mappings: LdapClaimMapping[] } | { ok: false; message: string; reserved: boolean } {
  const items = text.split(",").map((item) => item.trim());
  if (items.length === 1 && items[0] === "") return { ok: true, mappings: [] };
  const fail = (message: string, reserved = false) => ({ ok: false as const, message, reserved });
  const mappings: LdapClaimMapping[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const match = /^([^:]*):(.*)$/.exec(item);
    if (!match) return fail(`“${item}” must be claim:attribute, e.g. department:departmentNumber`);
    const [claim, attribute] = [match[1].trim(), match[2].trim()];
    const keyProblem = claimKeyProblem(claim);
    if (keyProblem) return keyProblem.reserved ? fail(keyProblem.message, true) : fail(`claim “${claim}”: ${keyProblem.message}`);
    if (attribute === "" || attributeNameError(attribute)) return fail(`“${attribute}” in “${item}” must be an attribute name such as departmentNumber`);
    if (seen.has(claim.toLowerCase())) return fail(`claim “${claim}” is mapped twice`);
    seen.add(claim.toLowerCase());
    mappings.push({ claim, attribute });
  }
  if (mappings.length > LDAP_CLAIM_MAPPINGS_MAX) return fail(`at most ${LDAP_CLAIM_MAPPINGS_MAX} claims can be mapped`);
  return { ok: true, mappings };
}

/** The mapping setting as a zod check (the settings schema and the configuration form). */
export function refineLdapClaimMappings(text: string, ctx: z.RefinementCtx): void {
  const parsed = parseLdapClaimMappings(text);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message, params: parsed.reserved ? { code: RESERVED_CLAIM_CODE } : undefined });
}
