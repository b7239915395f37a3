"use client";
// Fills the search filters and attribute mapping with a directory server's usual values; every
// field stays editable afterwards. Connection fields (URL, bind DN, base) are left alone.
import { useState } from "react";
import { useFormContext } from "react-hook-form";
import type { ConfigFormInput } from "@/lib/config/form-schema";
import { LDAP_PRESETS, ldapPreset, type PresetSettingKey } from "@/lib/config/presets";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";

export function PresetSelect() {
  const { setValue, formState } = useFormContext<ConfigFormInput>();
  const [presetId, setPresetId] = useState("");
  const preset = ldapPreset(presetId);

  function apply(id: string) {
    setPresetId(id);
    const chosen = ldapPreset(id);
    if (!chosen) return;
    for (const [key, value] of Object.entries(chosen.values) as [PresetSettingKey, string][]) {
      setValue(key, value, { shouldDirty: true, shouldValidate: formState.isSubmitted });
    }
  }

  return (
    <FormField
      id="config-ldap-preset"
      label="Directory preset"
      description={
        preset ? (
          <span role="status">
            Filled in the {preset.label} filters and attributes. {preset.baseHint}
          </span>
        ) : (
          "Fills the search filters and attribute fields with the usual values for your server; edit them afterwards if needed."
        )
      }
    >
      <Select value={presetId} onChange={(event) => apply(event.target.value)}>
        <option value="">Choose a directory server…</option>
        {LDAP_PRESETS.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </Select>
    </FormField>
  );
}
