// Every application setting, its type, default and help text. Client-safe: no server imports.
import { z } from "zod";
import { refineLdapClaimMappings } from "@/lib/claims/schema";

const booleanFromString = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const normalised = value.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(normalised)) return true;
  if (["false", "0", "no", "off", ""].includes(normalised)) return false;
  return value;
}, z.boolean({ error: "must be true or false" }));

const integerInRange = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
    z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "1h", "30m", "1h30m", "90s" or a bare number of seconds → seconds. */
export function parseDurationSeconds(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^(\d+[smhd])+$/.test(trimmed)) return null;
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) seconds += Number(amount) * DURATION_UNITS[unit];
  return seconds;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

const duration = (minSeconds: number, maxSeconds: number) =>
  z
    .string()
    .trim()
    .refine((value) => parseDurationSeconds(value) !== null, { error: 'must be a duration such as "1h", "30m" or "1h30m"', abort: true })
    .refine(
      (value) => {
        const seconds = parseDurationSeconds(value) ?? 0;
        return seconds >= minSeconds && seconds <= maxSeconds;
      },
      { error: `must be between ${plural(minSeconds / 60, "minute")} and ${plural(maxSeconds / 86400, "day")}` },
    );

/** A CA bundle as directories need it: the system bundle (~220 KB) plus private CAs fits many times over. */
export const CA_BUNDLE_MAX_BYTES = 5 * 1024 * 1024;

const text = (max = 1000) => z.string().trim().max(max, { error: `must be at most ${max} characters` });

export const settingsShape = {
  // General
  APP_NAME: text(60).min(1, { error: "is required" }).default("Pocket ID"),
  SESSION_DURATION: integerInRange(5, 525_600).default(60),
  // Pocket ID's default: a passkey alone (something you have) is not enough without a PIN or biometric.
  PASSKEY_USER_VERIFICATION: z.enum(["required", "preferred", "discouraged"]).default("required"),
  ALLOW_OWN_ACCOUNT_EDIT: booleanFromString.default(true),
  AUDIT_LOG_RETENTION_DAYS: integerInRange(1, 3650).default(90),
  // LDAP client
  LDAP_ENABLED: booleanFromString.default(false),
  LDAP_URL: text().default(""),
  LDAP_BIND_DN: text().default(""),
  LDAP_BIND_PASSWORD: z.string().max(1000, { error: "must be at most 1000 characters" }).default(""),
  LDAP_BASE: text().default(""),
  LDAP_USER_SEARCH_FILTER: text(4000).default("(objectClass=person)"),
  LDAP_USER_GROUP_SEARCH_FILTER: text(4000).default("(objectClass=groupOfNames)"),
  LDAP_SKIP_CERT_VERIFY: booleanFromString.default(false),
  LDAP_START_TLS: booleanFromString.default(false),
  LDAP_TLS_CA_CERT: z.string().max(CA_BUNDLE_MAX_BYTES, { error: "must be at most 5 MB" }).default(""),
  LDAP_SOFT_DELETE_USERS: booleanFromString.default(true),
  LDAP_PAGE_SIZE: integerInRange(1, 10_000).default(500),
  LDAP_NESTED_GROUPS: booleanFromString.default(false),
  LDAP_SYNC_INTERVAL: duration(60, 7 * 86400).default("1h"),
  LDAP_MAX_REMOVAL_PERCENT: integerInRange(0, 100).default(50),
  LDAP_TIMEOUT: integerInRange(1, 3600).default(60),
  // Where LDAP users manage their directory account (password, phone); shown on their account page.
  LDAP_ACCOUNT_PORTAL_URL: text(1000).default(""),
  // LDAP attribute mapping
  LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: text(200).default(""),
  LDAP_ATTRIBUTE_USER_USERNAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_EMAIL: text(200).default(""),
  LDAP_ATTRIBUTE_USER_FIRST_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_LAST_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_DISPLAY_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: text(200).default(""),
  LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES: booleanFromString.default(false),
  LDAP_ATTRIBUTE_GROUP_MEMBER: text(200).default("member"),
  LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: text(200).default(""),
  LDAP_ATTRIBUTE_GROUP_NAME: text(200).default(""),
  LDAP_ADMIN_GROUP_NAME: text(200).default(""),
  LDAP_CUSTOM_CLAIMS: text(2000).superRefine(refineLdapClaimMappings).default(""),
  // E-mail (SMTP): Pocket ID's names
  SMTP_HOST: text(253).default(""),
  SMTP_PORT: integerInRange(1, 65_535).default(587),
  SMTP_FROM: text(320).default(""),
  SMTP_USER: text(320).default(""),
  SMTP_PASSWORD: z.string().max(1000, { error: "must be at most 1000 characters" }).default(""),
  SMTP_TLS: z.enum(["none", "starttls", "tls"]).default("none"),
  SMTP_SKIP_CERT_VERIFY: booleanFromString.default(false),
  EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: booleanFromString.default(false),
  EMAIL_LOGIN_NOTIFICATION_ENABLED: booleanFromString.default(false),
  EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: booleanFromString.default(false),
  EMAIL_RATE_PER_MINUTE: integerInRange(1, 100_000).default(120),
};

export type SettingKey = keyof typeof settingsShape;
export const settingsSchema = z.object(settingsShape);
export type Settings = z.output<typeof settingsSchema>;
export const SETTING_KEYS = Object.keys(settingsShape) as SettingKey[];

/** Settings stored encrypted and never sent to a browser. */
export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["LDAP_BIND_PASSWORD", "SMTP_PASSWORD"]);

/** Older names still honoured in the environment (Pocket ID compatibility). */
export const SETTING_ALIASES: Partial<Record<SettingKey, string[]>> = {
  LDAP_ADMIN_GROUP_NAME: ["LDAP_ATTRIBUTE_ADMIN_GROUP"],
  PASSKEY_USER_VERIFICATION: ["WEBAUTHN_USER_VERIFICATION"],
};

/** Environment variables whose value is a path to read the setting from. */
export const SETTING_FILE_VARIABLES: Partial<Record<SettingKey, string>> = {
  LDAP_TLS_CA_CERT: "LDAP_TLS_CA_FILE",
};

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function syncIntervalSeconds(settings: Pick<Settings, "LDAP_SYNC_INTERVAL">): number {
  return parseDurationSeconds(settings.LDAP_SYNC_INTERVAL) ?? 3600;
}

export interface SettingHelp {
  /** The field's visible label. */
  label: string;
  /** One line saying what the setting does. */
  description: string;
  /** A typical value, shown as "e.g. ..." and as the placeholder. */
  example?: string;
}

/** Labels and help text shown beside every field of the configuration page and in the README. */
export const SETTING_HELP: Record<SettingKey, SettingHelp> = {
  APP_NAME: { label: "Application name", description: "Shown in the top bar, page titles and passkey prompts.", example: "Pocket ID" },
  SESSION_DURATION: { label: "Session duration (minutes)", description: "How long a sign-in lasts without activity; each visit extends it.", example: "60" },
  PASSKEY_USER_VERIFICATION: {
    label: "Passkey user verification",
    description: "Whether the authenticator must check a PIN or biometric when signing in.",
    example: "required",
  },
  ALLOW_OWN_ACCOUNT_EDIT: {
    label: "Users can edit their own account",
    description: "Users may change their own name, username and e-mail on their account page (never while LDAP is enabled).",
  },
  AUDIT_LOG_RETENTION_DAYS: {
    label: "Audit log retention (days)",
    description: "Audit log events older than this are deleted once a day.",
    example: "90",
  },
  LDAP_ENABLED: { label: "LDAP enabled", description: "Sync users and groups from the directory on startup and on the sync interval." },
  LDAP_URL: { label: "LDAP URL", description: "The URL with port to connect to LDAP.", example: "ldaps://ldap.example.com:636" },
  LDAP_BIND_DN: {
    label: "LDAP bind DN",
    description: "The full DN of the account with search privileges in LDAP.",
    example: "cn=pocket-id,ou=people,dc=example,dc=com",
  },
  LDAP_BIND_PASSWORD: { label: "LDAP bind password", description: "The password for the bind DN account. Stored encrypted, never shown again." },
  LDAP_BASE: { label: "LDAP search base", description: "The top-level DN to search for users and groups.", example: "dc=example,dc=com" },
  LDAP_USER_SEARCH_FILTER: { label: "User search filter", description: "The filter to search for users in LDAP.", example: "(objectClass=person)" },
  LDAP_USER_GROUP_SEARCH_FILTER: {
    label: "User group search filter",
    description: "The filter to search for groups in LDAP.",
    example: "(objectClass=groupOfNames)",
  },
  LDAP_SKIP_CERT_VERIFY: {
    label: "Skip certificate verification",
    description: "Accept any TLS certificate. Only for testing: anyone on the network could read the bind password.",
  },
  LDAP_START_TLS: { label: "StartTLS", description: "Upgrade an ldap:// connection to TLS before binding (not used with ldaps://)." },
  LDAP_TLS_CA_CERT: {
    label: "CA certificate",
    description: "PEM certificate(s) to trust for the LDAP server, e.g. a private or self-signed CA, besides the system's CAs.",
  },
  LDAP_SOFT_DELETE_USERS: {
    label: "Keep disabled users — soft delete",
    description: "Users removed from LDAP are disabled instead of deleted, keeping their passkeys if they come back.",
  },
  LDAP_PAGE_SIZE: { label: "Page size", description: "Entries per paged search request; lower it if the server limits pages.", example: "500" },
  LDAP_NESTED_GROUPS: { label: "Nested groups", description: "Members of a group that is a member of another group count as its members too." },
  LDAP_SYNC_INTERVAL: { label: "LDAP sync interval", description: "How often users and groups are synced: a duration such as 30m, 1h or 1h30m.", example: "1h" },
  LDAP_MAX_REMOVAL_PERCENT: {
    label: "Max removal percent",
    description: "A sync that would remove more than this share of 20 or more LDAP users stops without changes.",
    example: "50",
  },
  LDAP_TIMEOUT: { label: "Timeout (seconds)", description: "Give up on any single LDAP operation after this many seconds.", example: "60" },
  LDAP_ACCOUNT_PORTAL_URL: {
    label: "Directory account portal URL",
    description: "Where LDAP users manage their directory account (password, phone); their account page links to it. Empty: no link.",
    example: "https://accounts.example.com",
  },
  LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: {
    label: "User unique identifier attribute",
    description: "The LDAP attribute that uniquely identifies a user; it must never change.",
    example: "entryUUID",
  },
  LDAP_ATTRIBUTE_USER_USERNAME: { label: "Username attribute", description: "The LDAP attribute used as the username.", example: "uid" },
  LDAP_ATTRIBUTE_USER_EMAIL: { label: "User mail attribute", description: "The LDAP attribute used as the e-mail address.", example: "mail" },
  LDAP_ATTRIBUTE_USER_FIRST_NAME: { label: "User first name attribute", description: "The LDAP attribute used as the first name.", example: "givenName" },
  LDAP_ATTRIBUTE_USER_LAST_NAME: { label: "User last name attribute", description: "The LDAP attribute used as the last name.", example: "sn" },
  LDAP_ATTRIBUTE_USER_DISPLAY_NAME: {
    label: "User display name attribute",
    description: "The LDAP attribute used as the display name; empty: first and last name.",
    example: "displayName",
  },
  LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: {
    label: "User profile picture attribute",
    description: "The LDAP attribute holding a photo (JPEG, PNG, GIF, WebP; at most 2 MB, as bytes or base64 text) or an http(s) image URL; empty: no pictures.",
    example: "jpegPhoto",
  },
  LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES: {
    label: "Picture URLs may be private addresses",
    description: "Download picture URLs that resolve to private, loopback or link-local addresses (e.g. an intranet photo server). Off: only public addresses.",
  },
  LDAP_ATTRIBUTE_GROUP_MEMBER: { label: "Group members attribute", description: "The group attribute listing its members.", example: "member" },
  LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: {
    label: "Group unique identifier attribute",
    description: "The LDAP attribute that uniquely identifies a group; it must never change.",
    example: "entryUUID",
  },
  LDAP_ATTRIBUTE_GROUP_NAME: { label: "Group name attribute", description: "The LDAP attribute used as the name of synced groups.", example: "cn" },
  LDAP_ADMIN_GROUP_NAME: {
    label: "Admin group name",
    description: "Members of the LDAP group with this name are administrators here.",
    example: "pocket_id_admins",
  },
  LDAP_CUSTOM_CLAIMS: {
    label: "Custom claims from LDAP",
    description:
      "Comma-separated claim:attribute pairs: the sync stores each user's attribute value as that claim, which applications receive with the profile scope.",
    example: "department:departmentNumber,employee_id:employeeNumber",
  },
  SMTP_HOST: { label: "SMTP host", description: "The mail server that sends e-mail for this application; empty: no e-mail.", example: "smtp.example.com" },
  SMTP_PORT: { label: "SMTP port", description: "Usually 587 with StartTLS, 465 with TLS, 25 without encryption.", example: "587" },
  SMTP_FROM: { label: "Sender address", description: "The From address of every message.", example: "pocket-id@example.com" },
  SMTP_USER: { label: "SMTP user", description: "The account to sign in to the mail server with; empty: no authentication.", example: "pocket-id@example.com" },
  SMTP_PASSWORD: { label: "SMTP password", description: "The password of the SMTP user. Stored encrypted, never shown again." },
  SMTP_TLS: { label: "SMTP encryption", description: "none, starttls (upgrade a plain connection, required) or tls (encrypted from the start).", example: "starttls" },
  SMTP_SKIP_CERT_VERIFY: {
    label: "Skip mail server certificate verification",
    description: "Accept any TLS certificate from the mail server. Only for testing: anyone on the network could read the SMTP password.",
  },
  EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: {
    label: "Users can e-mail themselves a sign-in link",
    description: "Shows \"E-mail me a sign-in link\" on the sign-in page: a link valid for 15 minutes goes to the account's e-mail address.",
  },
  EMAIL_LOGIN_NOTIFICATION_ENABLED: {
    label: "E-mail on sign-in from a new device",
    description: "Tells a user by e-mail when their account signs in from a browser or address it has not used before.",
  },
  EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED: {
    label: "E-mail when a passkey is added",
    description: "Tells a user by e-mail when a new passkey is added to their account.",
  },
  EMAIL_RATE_PER_MINUTE: {
    label: "E-mails per minute (bulk)",
    description: "How fast \"Send login links\" to many users may send, so the mail server is not flooded.",
    example: "120",
  },
};
