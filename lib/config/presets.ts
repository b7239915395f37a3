// Search filters and attribute mappings for common directory servers. Client-safe.
// Sources: lldap's example_configs/pocket_id.md and its group object classes (groupOfUniqueNames,
// groupOfNames); OpenLDAP's inetOrgPerson/groupOfNames schema with the operational entryUUID;
// Microsoft's objectGUID/sAMAccountName; FreeIPA's ipaUniqueID (389-ds, groups are groupOfNames).
import type { SettingKey } from "./settings";

/** The settings a preset fills in; connection settings (URL, bind DN, base) stay the admin's. */
export type PresetSettingKey = Extract<
  SettingKey,
  | "LDAP_USER_SEARCH_FILTER"
  | "LDAP_USER_GROUP_SEARCH_FILTER"
  | "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER"
  | "LDAP_ATTRIBUTE_USER_USERNAME"
  | "LDAP_ATTRIBUTE_USER_EMAIL"
  | "LDAP_ATTRIBUTE_USER_FIRST_NAME"
  | "LDAP_ATTRIBUTE_USER_LAST_NAME"
  | "LDAP_ATTRIBUTE_USER_DISPLAY_NAME"
  | "LDAP_ATTRIBUTE_USER_PROFILE_PICTURE"
  | "LDAP_ATTRIBUTE_GROUP_MEMBER"
  | "LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER"
  | "LDAP_ATTRIBUTE_GROUP_NAME"
>;

export type LdapPresetId = "lldap" | "openldap" | "active-directory" | "freeipa";

export interface LdapPreset {
  id: LdapPresetId;
  label: string;
  /** Where users and groups usually live on this server, shown after applying the preset. */
  baseHint: string;
  values: Record<PresetSettingKey, string>;
}

export const LDAP_PRESETS: readonly LdapPreset[] = [
  {
    id: "lldap",
    label: "lldap",
    baseHint: "Search base dc=example,dc=com: users are under ou=people, groups under ou=groups. Port 3890 (ldap) or 6360 (ldaps).",
    values: {
      LDAP_USER_SEARCH_FILTER: "(objectClass=person)",
      LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=groupOfUniqueNames)",
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "uuid",
      // lldap also answers to user_id, first_name, last_name, display_name and avatar.
      LDAP_ATTRIBUTE_USER_USERNAME: "uid",
      LDAP_ATTRIBUTE_USER_EMAIL: "mail",
      LDAP_ATTRIBUTE_USER_FIRST_NAME: "givenName",
      LDAP_ATTRIBUTE_USER_LAST_NAME: "sn",
      LDAP_ATTRIBUTE_USER_DISPLAY_NAME: "cn",
      LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto",
      LDAP_ATTRIBUTE_GROUP_MEMBER: "member",
      LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: "uuid",
      LDAP_ATTRIBUTE_GROUP_NAME: "cn",
    },
  },
  {
    id: "openldap",
    label: "OpenLDAP",
    baseHint: "Search base: your suffix, e.g. dc=example,dc=org (users often under ou=people, groups under ou=groups).",
    values: {
      LDAP_USER_SEARCH_FILTER: "(objectClass=inetOrgPerson)",
      LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=groupOfNames)",
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "entryUUID",
      LDAP_ATTRIBUTE_USER_USERNAME: "uid",
      LDAP_ATTRIBUTE_USER_EMAIL: "mail",
      LDAP_ATTRIBUTE_USER_FIRST_NAME: "givenName",
      LDAP_ATTRIBUTE_USER_LAST_NAME: "sn",
      LDAP_ATTRIBUTE_USER_DISPLAY_NAME: "displayName",
      LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto",
      LDAP_ATTRIBUTE_GROUP_MEMBER: "member",
      LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: "entryUUID",
      LDAP_ATTRIBUTE_GROUP_NAME: "cn",
    },
  },
  {
    id: "active-directory",
    label: "Active Directory",
    baseHint: "Search base: the domain, e.g. dc=corp,dc=example,dc=com. Simple binds need ldaps:// (636) or StartTLS.",
    values: {
      LDAP_USER_SEARCH_FILTER: "(&(objectClass=user)(objectCategory=person))",
      LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=group)",
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "objectGUID",
      LDAP_ATTRIBUTE_USER_USERNAME: "sAMAccountName",
      LDAP_ATTRIBUTE_USER_EMAIL: "mail",
      LDAP_ATTRIBUTE_USER_FIRST_NAME: "givenName",
      LDAP_ATTRIBUTE_USER_LAST_NAME: "sn",
      LDAP_ATTRIBUTE_USER_DISPLAY_NAME: "displayName",
      LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "thumbnailPhoto",
      LDAP_ATTRIBUTE_GROUP_MEMBER: "member",
      LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: "objectGUID",
      LDAP_ATTRIBUTE_GROUP_NAME: "cn",
    },
  },
  {
    id: "freeipa",
    label: "FreeIPA",
    baseHint: "Search base: cn=accounts,dc=example,dc=com (users in cn=users, groups in cn=groups). Locked accounts (nsAccountLock) sync as disabled.",
    values: {
      LDAP_USER_SEARCH_FILTER: "(objectClass=person)",
      LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=groupOfNames)",
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "ipaUniqueID",
      LDAP_ATTRIBUTE_USER_USERNAME: "uid",
      LDAP_ATTRIBUTE_USER_EMAIL: "mail",
      LDAP_ATTRIBUTE_USER_FIRST_NAME: "givenName",
      LDAP_ATTRIBUTE_USER_LAST_NAME: "sn",
      LDAP_ATTRIBUTE_USER_DISPLAY_NAME: "displayName",
      LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto",
      LDAP_ATTRIBUTE_GROUP_MEMBER: "member",
      LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER: "ipaUniqueID",
      LDAP_ATTRIBUTE_GROUP_NAME: "cn",
    },
  },
];

export function ldapPreset(id: string): LdapPreset | undefined {
  return LDAP_PRESETS.find((preset) => preset.id === id);
}
