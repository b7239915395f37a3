"use client";
// A write-only secret setting (the LDAP bind password, the SMTP password): the page only knows
// whether one is saved. An empty field keeps it; a new value replaces it; the checkbox clears it.
import { Controller, get, useFormContext, useWatch, type FieldValues, type Path } from "react-hook-form";
import { SETTING_HELP, type SettingKey } from "@/lib/config/settings";
import { CheckboxField } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SettingDescription, fieldId, sentence } from "./setting-fields";

interface SecretSettingFieldProps<T extends FieldValues> {
  name: Path<T> & SettingKey;
  /** The form's boolean "remove the saved value" field. */
  clearName: Path<T>;
  /** The form the input belongs to (the fields may sit outside its element). */
  formId: string;
  passwordSet: boolean;
  readOnly: boolean;
  statusTestId: string;
}

export function SecretSettingField<T extends FieldValues>({ name, clearName, formId, passwordSet, readOnly, statusTestId }: SecretSettingFieldProps<T>) {
  const { register, control, formState } = useFormContext<T>();
  const clearing = useWatch({ control, name: clearName });
  const status = passwordSet ? (clearing ? "set (removed on save)" : "set") : "not set";
  return (
    <div className="grid content-start gap-3">
      <FormField
        id={fieldId(name)}
        label={SETTING_HELP[name].label}
        description={
          <SettingDescription name={name}>
            {" "}
            <span data-testid={statusTestId}>
              Saved password: <strong className="font-medium text-foreground">{status}</strong>.
            </span>
            {passwordSet && !readOnly && " Leave the field empty to keep it."}
          </SettingDescription>
        }
        error={sentence((get(formState.errors, name) as { message?: string } | undefined)?.message)}
      >
        <Input form={formId} type="password" readOnly={readOnly} autoComplete="new-password" placeholder={passwordSet ? "••••••••" : undefined} {...register(name)} />
      </FormField>
      {passwordSet && !readOnly && (
        <Controller
          control={control}
          name={clearName}
          render={({ field }) => (
            <CheckboxField
              id={fieldId(clearName)}
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
