"use client";
import { useFormContext } from "react-hook-form";
import type { ConfigFormInput } from "@/lib/config/form-schema";
import { SETTING_HELP } from "@/lib/config/settings";
import { SectionCard } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { FormGrid } from "@/components/ui/form-grid";
import { Select } from "@/components/ui/select";
import { CONFIG_FORM_ID, SettingDescription, SwitchSetting, TextSetting, fieldId, sentence } from "./setting-fields";

const VERIFICATION_LABELS = {
  required: "Required: always ask for a PIN or biometric",
  preferred: "Preferred: ask when the authenticator can",
  discouraged: "Discouraged: touch only",
} as const;

export function GeneralCard({ readOnly }: { readOnly: boolean }) {
  const { register, formState } = useFormContext<ConfigFormInput>();
  return (
    <SectionCard title="General" description="Name of the application, how sign-ins work, what users may change and how often LDAP is synced.">
      <FormGrid>
        <TextSetting name="APP_NAME" readOnly={readOnly} />
        <TextSetting name="SESSION_DURATION" readOnly={readOnly} numeric />
        <TextSetting name="LDAP_SYNC_INTERVAL" readOnly={readOnly} />
        <TextSetting name="AUDIT_LOG_RETENTION_DAYS" readOnly={readOnly} numeric />
        <FormField
          id={fieldId("PASSKEY_USER_VERIFICATION")}
          label={SETTING_HELP.PASSKEY_USER_VERIFICATION.label}
          description={<SettingDescription name="PASSKEY_USER_VERIFICATION" />}
          error={sentence(formState.errors.PASSKEY_USER_VERIFICATION?.message)}
        >
          <Select form={CONFIG_FORM_ID} disabled={readOnly} {...register("PASSKEY_USER_VERIFICATION")}>
            {Object.entries(VERIFICATION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </FormField>
        <SwitchSetting name="ALLOW_OWN_ACCOUNT_EDIT" readOnly={readOnly} />
      </FormGrid>
    </SectionCard>
  );
}
