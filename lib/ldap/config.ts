// The sync's view of the settings: the LDAP_* values with attribute defaults filled in, so the
// rest of lib/ldap never reads raw settings. Empty attribute settings fall back to the names
// OpenLDAP and lldap use (the configuration page's presets fill in other vendors' names).
import "server-only";
import type { Settings } from "@/lib/config/settings";
import { parseLdapClaimMappings, type LdapClaimMapping } from "@/lib/claims/schema";
import { ConfigError } from "@/lib/errors";

export interface LdapAttributes {
  userId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Empty: "first last". */
  displayName: string;
  /** Empty: pictures are not synced. */
  picture: string;
  groupId: string;
  groupName: string;
  groupMember: string;
  /** LDAP_CUSTOM_CLAIMS: user attributes stored as custom claims; empty: none. */
  claims: readonly LdapClaimMapping[];
}

export interface LdapConnectionConfig {
  url: string;
  bindDn: string;
  bindPassword: string;
  startTls: boolean;
  skipCertVerify: boolean;
  /** PEM, trusted in addition to the system's CAs. */
  caCert: string;
  /** Seconds any single LDAP operation may take. */
  timeoutSeconds: number;
}

export interface LdapSyncConfig {
  connection: LdapConnectionConfig;
  base: string;
  userFilter: string;
  groupFilter: string;
  pageSize: number;
  attributes: LdapAttributes;
  adminGroupName: string;
  nestedGroups: boolean;
  softDelete: boolean;
  maxRemovalPercent: number;
  /** Picture URLs may point at private, loopback and link-local addresses (LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES). */
  picturesAllowPrivate: boolean;
}

export const ATTRIBUTE_DEFAULTS: LdapAttributes = {
  userId: "entryUUID",
  username: "uid",
  email: "mail",
  firstName: "givenName",
  lastName: "sn",
  displayName: "",
  picture: "",
  groupId: "entryUUID",
  groupName: "cn",
  groupMember: "member",
  claims: [],
};

const or = (value: string, fallback: string) => (value.trim() === "" ? fallback : value.trim());

/** The settings schema already refused a malformed value; this only turns it into the pairs. */
function claimMappings(text: string): LdapClaimMapping[] {
  const parsed = parseLdapClaimMappings(text);
  if (!parsed.ok) throw new ConfigError(`LDAP_CUSTOM_CLAIMS: ${parsed.message}`);
  return parsed.mappings;
}

/** Builds the sync configuration (whether or not LDAP is enabled); throws ConfigError naming what is missing. */
export function ldapSyncConfig(settings: Settings): LdapSyncConfig {
  const missing = (["LDAP_URL", "LDAP_BASE"] as const).filter((key) => settings[key].trim() === "");
  if (missing.length) throw new ConfigError(`LDAP sync needs ${missing.join(" and ")}: set it on the application configuration page.`);
  return {
    connection: {
      url: settings.LDAP_URL.trim(),
      bindDn: settings.LDAP_BIND_DN.trim(),
      bindPassword: settings.LDAP_BIND_PASSWORD,
      startTls: settings.LDAP_START_TLS,
      skipCertVerify: settings.LDAP_SKIP_CERT_VERIFY,
      caCert: settings.LDAP_TLS_CA_CERT.trim(),
      timeoutSeconds: settings.LDAP_TIMEOUT,
    },
    base: settings.LDAP_BASE.trim(),
    userFilter: or(settings.LDAP_USER_SEARCH_FILTER, "(objectClass=person)"),
    groupFilter: or(settings.LDAP_USER_GROUP_SEARCH_FILTER, "(objectClass=groupOfNames)"),
    pageSize: settings.LDAP_PAGE_SIZE,
    attributes: {
      userId: or(settings.LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER, ATTRIBUTE_DEFAULTS.userId),
      username: or(settings.LDAP_ATTRIBUTE_USER_USERNAME, ATTRIBUTE_DEFAULTS.username),
      email: or(settings.LDAP_ATTRIBUTE_USER_EMAIL, ATTRIBUTE_DEFAULTS.email),
      firstName: or(settings.LDAP_ATTRIBUTE_USER_FIRST_NAME, ATTRIBUTE_DEFAULTS.firstName),
      lastName: or(settings.LDAP_ATTRIBUTE_USER_LAST_NAME, ATTRIBUTE_DEFAULTS.lastName),
      displayName: settings.LDAP_ATTRIBUTE_USER_DISPLAY_NAME.trim(),
      picture: settings.LDAP_ATTRIBUTE_USER_PROFILE_PICTURE.trim(),
      groupId: or(settings.LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER, ATTRIBUTE_DEFAULTS.groupId),
      groupName: or(settings.LDAP_ATTRIBUTE_GROUP_NAME, ATTRIBUTE_DEFAULTS.groupName),
      groupMember: or(settings.LDAP_ATTRIBUTE_GROUP_MEMBER, ATTRIBUTE_DEFAULTS.groupMember),
      claims: claimMappings(settings.LDAP_CUSTOM_CLAIMS),
    },
    adminGroupName: settings.LDAP_ADMIN_GROUP_NAME.trim(),
    nestedGroups: settings.LDAP_NESTED_GROUPS,
    softDelete: settings.LDAP_SOFT_DELETE_USERS,
    maxRemovalPercent: settings.LDAP_MAX_REMOVAL_PERCENT,
    picturesAllowPrivate: settings.LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES,
  };
}
