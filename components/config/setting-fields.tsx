"use client";
// Form controls for one setting each: the label, description and example come from SETTING_HELP,
// so the page and the README say the same thing. Controls join the configuration form through
// the `form` attribute (the cards are not nested in a <form>; see CONFIG_FORM_ID).
import type { ReactNode } from "react";
import { Controller, useFormContext, type FieldPath } from "react-hook-form";
import type { ConfigFormInput } from "@/lib/config/form-schema";
import { SETTING_HELP, type SettingKey } from "@/lib/config/settings";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SwitchField } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";

/** The <form> every control of the page belongs to. */
export const CONFIG_FORM_ID = "application-configuration-form";

/** zod messages are phrased to follow a name ("must be at least 1"); under a label they read as sentences. */
export function sentence(message: string | undefined): string | undefined {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined;
}

export function fieldId(name: string): string {
  return `config-${name}`;
}

export function SettingDescription({ name, children }: { name: SettingKey; children?: ReactNode }) {
  const help = SETTING_HELP[name];
  return (
    <>
      {help.description}
      {help.example && (
        <>
          {" "}
          e.g. <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.7rem]">{help.example}</code>
        </>
      )}
      {children}
    </>
  );
}

type TextSettingKey = Extract<FieldPath<ConfigFormInput>, SettingKey>;

export function TextSetting({
  name,
  readOnly,
  mono = false,
  numeric = false,
  className,
}: {
  name: TextSettingKey;
  readOnly: boolean;
  /** Monospace for DNs, filters and attribute names. */
  mono?: boolean;
  numeric?: boolean;
  className?: string;
}) {
  const { register, formState } = useFormContext<ConfigFormInput>();
  const help = SETTING_HELP[name];
  return (
    <FormField
      id={fieldId(name)}
      label={help.label}
      description={<SettingDescription name={name} />}
      error={sentence(formState.errors[name]?.message)}
      className={className}
    >
      <Input
        form={CONFIG_FORM_ID}
        readOnly={readOnly}
        placeholder={help.example}
        inputMode={numeric ? "numeric" : undefined}
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        className={mono ? "font-mono" : undefined}
        {...register(name)}
      />
    </FormField>
  );
}

export function CertificateSetting({ readOnly, className }: { readOnly: boolean; className?: string }) {
  const { register, formState } = useFormContext<ConfigFormInput>();
  const help = SETTING_HELP.LDAP_TLS_CA_CERT;
  return (
    <FormField
      id={fieldId("LDAP_TLS_CA_CERT")}
      label={help.label}
      description={<SettingDescription name="LDAP_TLS_CA_CERT" />}
      error={sentence(formState.errors.LDAP_TLS_CA_CERT?.message)}
      className={className}
    >
      <Textarea
        form={CONFIG_FORM_ID}
        readOnly={readOnly}
        rows={4}
        spellCheck={false}
        placeholder={"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"}
        className="font-mono text-xs"
        {...register("LDAP_TLS_CA_CERT")}
      />
    </FormField>
  );
}

type BooleanSettingKey =
  | "ALLOW_OWN_ACCOUNT_EDIT"
  | "LDAP_SKIP_CERT_VERIFY"
  | "LDAP_START_TLS"
  | "LDAP_SOFT_DELETE_USERS"
  | "LDAP_NESTED_GROUPS"
  | "LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES";

export function SwitchSetting({ name, readOnly, className }: { name: BooleanSettingKey; readOnly: boolean; className?: string }) {
  const { control, formState } = useFormContext<ConfigFormInput>();
  const help = SETTING_HELP[name];
  const error = sentence(formState.errors[name]?.message);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <div className={className}>
          <SwitchField
            id={fieldId(name)}
            label={help.label}
            description={help.description}
            checked={field.value}
            onCheckedChange={field.onChange}
            onBlur={field.onBlur}
            disabled={readOnly}
            aria-invalid={error ? true : undefined}
          />
          {error && (
            <p role="alert" className="mt-1.5 text-xs font-medium text-destructive">
              {error}
            </p>
          )}
        </div>
      )}
    />
  );
}
