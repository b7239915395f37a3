// The application configuration form: one zod schema used by the browser (inline field errors) and
// re-checked by the server action and the verbs. Client-safe: no server imports.
import { z } from "zod";
import { attributeNameError, dnSyntaxError, ldapFilterError, ldapUrlError, pemCertificateError } from "./ldap-syntax";
import { settingsShape, type SettingKey, type Settings } from "./settings";
import { isPlainText, PLAIN_TEXT_ERROR } from "@/lib/security/text";
import { refineLdapClaimMappings } from "@/lib/claims/schema";

/** Settings as the browser may see them: the passwords are replaced by `bindPasswordSet` and `smtpPasswordSet`. */
export type PublicSettings = Omit<Settings, "LDAP_BIND_PASSWORD" | "SMTP_PASSWORD">;

const REQUIRED_WHEN_ENABLED = "Required when LDAP is enabled";

/** The CA certificate field's limit: a system bundle (~220 KB) plus private CAs, within the action body limit. */
export const CA_CERT_FIELD_MAX = 600_000;

/** Trimmed text that, when not empty, must pass a syntax check. */
export const checkedText = (max: number, check: (value: string) => string | null, tooLongHint = "") =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters${tooLongHint}` })
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : check(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** A number typed into a text box: the form keeps the text, the schema outputs the number. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: "is required" })
    .regex(/^\d+$/, { error: "must be a whole number" })
    .transform(Number)
    .pipe(z.number().min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` }));

const attribute = checkedText(200, attributeNameError);

/** An absolute http(s) URL (a link shown to users: no javascript: or other schemes). */
export function webUrlError(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? null : "must start with https:// or http://";
  } catch {
    return "must be a full URL such as https://accounts.example.com";
  }
}

export const configFormShape = {
  // General
  // The form always sends every field: a missing one is an error here, not the setting's default.
  APP_NAME: settingsShape.APP_NAME.unwrap().refine(isPlainText, { error: PLAIN_TEXT_ERROR }),
  SESSION_DURATION: wholeNumber(5, 525_600),
  PASSKEY_USER_VERIFICATION: settingsShape.PASSKEY_USER_VERIFICATION.unwrap(),
  ALLOW_OWN_ACCOUNT_EDIT: z.boolean(),
  AUDIT_LOG_RETENTION_DAYS: wholeNumber(1, 3650),
  LDAP_SYNC_INTERVAL: settingsShape.LDAP_SYNC_INTERVAL.unwrap(),
  // LDAP client
  LDAP_ENABLED: z.boolean(),
  LDAP_URL: checkedText(1000, ldapUrlError),
  LDAP_BIND_DN: checkedText(1000, dnSyntaxError),
  /** A new password; empty keeps the stored one (or clears it with clearBindPassword). */
  LDAP_BIND_PASSWORD: z.string().max(1000, { error: "must be at most 1000 characters" }),
  clearBindPassword: z.boolean(),
  LDAP_BASE: checkedText(1000, dnSyntaxError),
  LDAP_USER_SEARCH_FILTER: checkedText(4000, ldapFilterError),
  LDAP_USER_GROUP_SEARCH_FILTER: checkedText(4000, ldapFilterError),
  LDAP_SKIP_CERT_VERIFY: z.boolean(),
  LDAP_START_TLS: z.boolean(),
  // Pasted into the page, the bundle must fit a server action body (1 MB); LDAP_TLS_CA_FILE takes larger ones.
  LDAP_TLS_CA_CERT: checkedText(CA_CERT_FIELD_MAX, pemCertificateError, "; use LDAP_TLS_CA_FILE for a larger bundle"),
  LDAP_SOFT_DELETE_USERS: z.boolean(),
  LDAP_PAGE_SIZE: wholeNumber(1, 10_000),
  LDAP_NESTED_GROUPS: z.boolean(),
  LDAP_MAX_REMOVAL_PERCENT: wholeNumber(0, 100),
  LDAP_TIMEOUT: wholeNumber(1, 3600),
  LDAP_ACCOUNT_PORTAL_URL: checkedText(1000, webUrlError),
  // LDAP attribute mapping
  LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: attribute,
  LDAP_ATTRIBUTE_USER_USERNAME: attribute,
  LDAP_ATTRIBUTE_USER_EMAIL: attribute,
  LDAP_ATTRIBUTE_USER_FIRST_NAME: attribute,
  LDAP_ATTRIBUTE_USER_LAST_NAME: attribute,
  LDAP_ATTRIBUTE_USER_DISPLAY_NAME: attribute,
  LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: attribute,
  LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES: z.boolean(),
  LDAP_ATTRIBUTE_GROUP_MEMBER: attribute,
  LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: attribute,
  LDAP_ATTRIBUTE_GROUP_NAME: attribute,
  LDAP_ADMIN_GROUP_NAME: z.string().trim().max(200, { error: "must be at most 200 characters" }).refine(isPlainText, { error: PLAIN_TEXT_ERROR }),
  LDAP_CUSTOM_CLAIMS: z.string().trim().max(2000, { error: "must be at most 2000 characters" }).superRefine(refineLdapClaimMappings),
};

/** Settings a sync cannot run without (the bind password is checked by bindPasswordIssue). */
export const REQUIRED_LDAP_SETTINGS = [
  "LDAP_URL",
  "LDAP_BIND_DN",
  "LDAP_BASE",
  "LDAP_USER_SEARCH_FILTER",
  "LDAP_USER_GROUP_SEARCH_FILTER",
  "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER",
  "LDAP_ATTRIBUTE_USER_USERNAME",
  "LDAP_ATTRIBUTE_USER_EMAIL",
  "LDAP_ATTRIBUTE_USER_FIRST_NAME",
  "LDAP_ATTRIBUTE_GROUP_MEMBER",
  "LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER",
  "LDAP_ATTRIBUTE_GROUP_NAME",
] as const satisfies readonly SettingKey[];

/** What Test connection needs; empty attribute fields fall back to the sync's defaults (entryUUID, uid, ...). */
export const CONNECTION_SETTINGS = ["LDAP_URL", "LDAP_BIND_DN", "LDAP_BASE"] as const satisfies readonly SettingKey[];

type RequiredLdapSetting = (typeof REQUIRED_LDAP_SETTINGS)[number];
export type FieldIssue = { field: RequiredLdapSetting | "LDAP_START_TLS"; message: string };

/** Rules across fields: what LDAP needs once enabled, and StartTLS only on ldap://. */
export function ldapRequirementIssues(
  values: { LDAP_ENABLED: boolean; LDAP_START_TLS: boolean } & Partial<Record<RequiredLdapSetting, string>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (values.LDAP_ENABLED) {
    for (const field of REQUIRED_LDAP_SETTINGS) {
      if ((values[field] ?? "").trim() === "") issues.push({ field, message: REQUIRED_WHEN_ENABLED });
    }
  }
  if (values.LDAP_START_TLS && (values.LDAP_URL ?? "").trim().toLowerCase().startsWith("ldaps://")) {
    issues.push({ field: "LDAP_START_TLS", message: "StartTLS needs an ldap:// URL: ldaps:// is already encrypted" });
  }
  return issues;
}

export const configFormSchema = z.object(configFormShape).superRefine((values, ctx) => {
  for (const issue of ldapRequirementIssues(values)) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
});

/** What the form holds (numbers as typed text). */
export type ConfigFormInput = z.input<typeof configFormSchema>;
/** What the server stores (numbers as numbers). */
export type ConfigFormValues = z.output<typeof configFormSchema>;

/**
 * "Bind password required" when LDAP is enabled (or a connection is tested) and neither a new
 * password is entered nor a stored one kept. Only the server knows for sure whether one is stored,
 * so the verbs call this again with the real answer.
 */
export function bindPasswordIssue(
  values: Pick<ConfigFormInput, "LDAP_ENABLED" | "LDAP_BIND_PASSWORD" | "clearBindPassword">,
  passwordStored: boolean,
): string | null {
  if (!values.LDAP_ENABLED || values.LDAP_BIND_PASSWORD !== "") return null;
  return passwordStored && !values.clearBindPassword ? null : REQUIRED_WHEN_ENABLED;
}

/** The form's schema in the browser, where `passwordStored` comes from the page. */
export function configFormSchemaFor(passwordStored: boolean) {
  return configFormSchema.superRefine((values, ctx) => {
    const problem = bindPasswordIssue(values, passwordStored);
    if (problem) ctx.addIssue({ code: "custom", path: ["LDAP_BIND_PASSWORD"], message: problem });
  });
}

/** Form fields filled from the effective settings; the password field always starts empty. */
export function configFormDefaults(values: PublicSettings): ConfigFormInput {
  return {
    ...values,
    SESSION_DURATION: String(values.SESSION_DURATION),
    AUDIT_LOG_RETENTION_DAYS: String(values.AUDIT_LOG_RETENTION_DAYS),
    LDAP_PAGE_SIZE: String(values.LDAP_PAGE_SIZE),
    LDAP_MAX_REMOVAL_PERCENT: String(values.LDAP_MAX_REMOVAL_PERCENT),
    LDAP_TIMEOUT: String(values.LDAP_TIMEOUT),
    LDAP_BIND_PASSWORD: "",
    clearBindPassword: false,
  };
}
