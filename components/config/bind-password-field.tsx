"use client";
// The bind password is write-only: the page only knows whether one is saved. An empty field keeps
// it; a new value replaces it; "Remove the saved password" clears it.
import { Controller, useFormContext, useWatch } from "react-hook-form";
import type { ConfigFormInput } from "@/lib/config/form-schema";
import { SETTING_HELP } from "@/lib/config/settings";
import { CheckboxField } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { CONFIG_FORM_ID, SettingDescription, fieldId, sentence } from "./setting-fields";

export function BindPasswordField({ passwordSet, readOnly }: { passwordSet: boolean; readOnly: boolean }) {
  const { register, control, formState } = useFormContext<ConfigFormInput>();
  const clearing = useWatch({ control, name: "clearBindPassword" });
  const status = passwordSet ? (clearing ? "set (removed on save)" : "set") : "not set";
  return (
    <div className="grid content-start gap-3">
      <FormField
        id={fieldId("LDAP_BIND_PASSWORD")}
        label={SETTING_HELP.LDAP_BIND_PASSWORD.label}
        description={
          <SettingDescription name="LDAP_BIND_PASSWORD">
            {" "}
            <span data-testid="bind-password-status">
              Saved password: <strong className="font-medium text-foreground">{status}</strong>.
            </span>
            {passwordSet && !readOnly && " Leave the field empty to keep it."}
          </SettingDescription>
        }
        error={sentence(formState.errors.LDAP_BIND_PASSWORD?.message)}
      >
        <Input
          form={CONFIG_FORM_ID}
          type="password"
          readOnly={readOnly}
          autoComplete="new-password"
          placeholder={passwordSet ? "••••••••" : undefined}
          {...register("LDAP_BIND_PASSWORD")}
        />
      </FormField>
      {passwordSet && !readOnly && (
        <Controller
          control={control}
          name="clearBindPassword"
          render={({ field }) => (
            <CheckboxField
              id={fieldId("clearBindPassword")}
              label="Remove the saved password"
              description="Deletes the stored password when you save."
              checked={field.value}
              onCheckedChange={(checked) => field.onChange(checked === true)}
            />
          )}
        />
      )}
    </div>
  );
}
