"use client";
import { SectionCard } from "@/components/ui/card";
import { FormGrid } from "@/components/ui/form-grid";
import { SwitchSetting, TextSetting } from "./setting-fields";

const ATTRIBUTES = [
  "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER",
  "LDAP_ATTRIBUTE_USER_USERNAME",
  "LDAP_ATTRIBUTE_USER_EMAIL",
  "LDAP_ATTRIBUTE_USER_FIRST_NAME",
  "LDAP_ATTRIBUTE_USER_LAST_NAME",
  "LDAP_ATTRIBUTE_USER_DISPLAY_NAME",
  "LDAP_ATTRIBUTE_USER_PROFILE_PICTURE",
  "LDAP_ATTRIBUTE_GROUP_MEMBER",
  "LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER",
  "LDAP_ATTRIBUTE_GROUP_NAME",
] as const;

export function LdapAttributesCard({ readOnly }: { readOnly: boolean }) {
  return (
    <SectionCard title="LDAP Attribute Configuration" description="Which directory attributes become the fields of users and groups. A preset fills these in.">
      <FormGrid>
        {ATTRIBUTES.map((name) => (
          <TextSetting key={name} name={name} readOnly={readOnly} mono />
        ))}
        <TextSetting name="LDAP_ADMIN_GROUP_NAME" readOnly={readOnly} />
        <SwitchSetting name="LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES" readOnly={readOnly} />
        <TextSetting name="LDAP_CUSTOM_CLAIMS" readOnly={readOnly} mono className="@xl:col-span-2" />
      </FormGrid>
    </SectionCard>
  );
}
