// Every application setting, its type, default and help text. Client-safe: no server imports.
import { z } from "zod";

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

const duration = (minSeconds: number, maxSeconds: number) =>
  z
    .string()
    .trim()
    .refine((value) => parseDurationSeconds(value) !== null, { error: 'must be a duration such as "1h", "30m" or "1h30m"' })
    .refine(
      (value) => {
        const seconds = parseDurationSeconds(value) ?? 0;
        return seconds >= minSeconds && seconds <= maxSeconds;
      },
      { error: `must be between ${minSeconds / 60} minutes and ${maxSeconds / 86400} days` },
    );

const text = (max = 1000) => z.string().trim().max(max, { error: `must be at most ${max} characters` });

export const settingsShape = {
  // General
  APP_NAME: text(60).min(1, { error: "is required" }).default("Pocket ID"),
  SESSION_DURATION: integerInRange(5, 525_600).default(60),
  PASSKEY_USER_VERIFICATION: z.enum(["required", "preferred", "discouraged"]).default("preferred"),
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
  LDAP_TLS_CA_CERT: z.string().max(100_000, { error: "must be at most 100000 characters" }).default(""),
  LDAP_SOFT_DELETE_USERS: booleanFromString.default(true),
  LDAP_PAGE_SIZE: integerInRange(1, 10_000).default(500),
  LDAP_NESTED_GROUPS: booleanFromString.default(false),
  LDAP_SYNC_INTERVAL: duration(60, 7 * 86400).default("1h"),
  LDAP_MAX_REMOVAL_PERCENT: integerInRange(0, 100).default(50),
  LDAP_TIMEOUT: integerInRange(1, 3600).default(60),
  // LDAP attribute mapping
  LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: text(200).default(""),
  LDAP_ATTRIBUTE_USER_USERNAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_EMAIL: text(200).default(""),
  LDAP_ATTRIBUTE_USER_FIRST_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_LAST_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_DISPLAY_NAME: text(200).default(""),
  LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: text(200).default(""),
  LDAP_ATTRIBUTE_GROUP_MEMBER: text(200).default("member"),
  LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: text(200).default(""),
  LDAP_ATTRIBUTE_GROUP_NAME: text(200).default(""),
  LDAP_ADMIN_GROUP_NAME: text(200).default(""),
};

export type SettingKey = keyof typeof settingsShape;
export const settingsSchema = z.object(settingsShape);
export type Settings = z.output<typeof settingsSchema>;
export const SETTING_KEYS = Object.keys(settingsShape) as SettingKey[];

/** Settings stored encrypted and never sent to a browser. */
export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["LDAP_BIND_PASSWORD"]);

/** Older names still honoured in the environment (Pocket ID compatibility). */
export const SETTING_ALIASES: Partial<Record<SettingKey, string[]>> = {
  LDAP_ADMIN_GROUP_NAME: ["LDAP_ATTRIBUTE_ADMIN_GROUP"],
};

/** Environment variables whose value is a path to read the setting from. */
export const SETTING_FILE_VARIABLES: Partial<Record<SettingKey, string>> = {
  LDAP_TLS_CA_CERT: "LDAP_TLS_CA_FILE",
};

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function syncIntervalSeconds(settings: Pick<Settings, "LDAP_SYNC_INTERVAL">): number {
  return parseDurationSeconds(settings.LDAP_SYNC_INTERVAL) ?? 3600;
}
