"use client";
// The E-mail card: SMTP settings (the password write-only, like the bind password), the e-mail
// features, and "Send test e-mail", which tries the form as it is and says what failed.
import { SecretSettingField } from "./secret-setting-field";
import { useMemo, useState } from "react";
import { Controller, FormProvider, useForm, useFormContext, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Mail } from "lucide-react";
import { saveEmailConfigurationAction, sendTestEmailAction } from "@/app/settings/admin/application-configuration/actions";
import type { PublicSettings } from "@/lib/config/form-schema";
import { SETTING_HELP, type SettingKey } from "@/lib/config/settings";
import { emailFormDefaults, emailFormSchema, emailFormShape, type EmailFormInput, type EmailFormValues, type MailTestReport } from "@/lib/mail/form-schema";
import { applyFieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SwitchField } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { SettingDescription, fieldId, sentence } from "./setting-fields";

const FIELDS = Object.keys(emailFormShape) as (keyof EmailFormInput)[];
const FORM_ID = "email-configuration-form";
const TLS_LABELS = { none: "None", starttls: "StartTLS (required)", tls: "TLS from the start" } as const;

type TextKey = Extract<FieldPath<EmailFormInput>, SettingKey>;
type SwitchKey = "SMTP_SKIP_CERT_VERIFY" | "EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED" | "EMAIL_LOGIN_NOTIFICATION_ENABLED" | "EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED";

function TextField({ name, readOnly, type = "text" }: { name: TextKey; readOnly: boolean; type?: string }) {
  const { register, formState } = useFormContext<EmailFormInput>();
  return (
    <FormField id={fieldId(name)} label={SETTING_HELP[name].label} description={<SettingDescription name={name} />} error={sentence(formState.errors[name]?.message)}>
      <Input form={FORM_ID} type={type} readOnly={readOnly} placeholder={SETTING_HELP[name].example} autoComplete="off" spellCheck={false} {...register(name)} />
    </FormField>
  );
}

function SwitchSetting({ name, readOnly }: { name: SwitchKey; readOnly: boolean }) {
  const { control } = useFormContext<EmailFormInput>();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <SwitchField id={fieldId(name)} label={SETTING_HELP[name].label} description={SETTING_HELP[name].description} checked={field.value} onCheckedChange={field.onChange} disabled={readOnly} />
      )}
    />
  );
}

export function EmailCard({ values, smtpPasswordSet, readOnly, adminEmail }: { values: PublicSettings; smtpPasswordSet: boolean; readOnly: boolean; adminEmail: string }) {
  const serverValues = useMemo(() => emailFormDefaults(values), [values]);
  const form = useForm<EmailFormInput, unknown, EmailFormValues>({
    resolver: zodResolver(emailFormSchema),
    mode: "onTouched",
    values: serverValues,
    resetOptions: { keepDirtyValues: true },
  });
  const hydrated = useHydrated();
  const [pending, setPending] = useState<"save" | "test" | null>(null);
  const [recipient, setRecipient] = useState(adminEmail);
  const [report, setReport] = useState<MailTestReport | null>(null);

  const onSubmit = form.handleSubmit(async () => {
    setPending("save");
    try {
      const input = form.getValues();
      const result = await saveEmailConfigurationAction(input);
      if (!result.ok) {
        applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
        return void toast.error("E-mail settings not saved", result.message);
      }
      form.reset({ ...input, SMTP_PASSWORD: "", clearSmtpPassword: false });
      toast.success("E-mail settings saved");
    } finally {
      setPending(null);
    }
  });

  async function test() {
    setPending("test");
    setReport(null);
    try {
      form.clearErrors();
      const result = await sendTestEmailAction({ settings: form.getValues(), recipient });
      if (!result.ok) {
        applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
        return void toast.error("Test e-mail not sent", result.fieldErrors?.recipient?.[0] ?? result.message);
      }
      setReport(result.data);
      if (result.data.ok) toast.success("Test e-mail sent", result.data.message);
      else toast.error("Test e-mail failed", result.data.message);
    } finally {
      setPending(null);
    }
  }

  return (
    <FormProvider {...form}>
      <form id={FORM_ID} noValidate onSubmit={onSubmit} />
      <Card>
        <CardHeader>
          <CardTitle>E-mail</CardTitle>
          <CardDescription>The mail server that sends login links and notifications, and which e-mails users get.</CardDescription>
        </CardHeader>
        <CardContent>
          <fieldset disabled={!hydrated} className="min-w-0">
            <FormGrid>
              <TextField name="SMTP_HOST" readOnly={readOnly} />
              <TextField name="SMTP_PORT" readOnly={readOnly} />
              <FormField id={fieldId("SMTP_TLS")} label={SETTING_HELP.SMTP_TLS.label} description={SETTING_HELP.SMTP_TLS.description}>
                <Select form={FORM_ID} disabled={readOnly} {...form.register("SMTP_TLS")}>
                  {Object.entries(TLS_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              </FormField>
              <TextField name="SMTP_FROM" readOnly={readOnly} />
              <TextField name="SMTP_USER" readOnly={readOnly} />
              <SecretSettingField<EmailFormInput> name="SMTP_PASSWORD" clearName="clearSmtpPassword" formId={FORM_ID} passwordSet={smtpPasswordSet} readOnly={readOnly} statusTestId="smtp-password-status" />
              <SwitchSetting name="SMTP_SKIP_CERT_VERIFY" readOnly={readOnly} />
              <TextField name="EMAIL_RATE_PER_MINUTE" readOnly={readOnly} />
              <FormGridFull className="grid gap-4">
                <SwitchSetting name="EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED" readOnly={readOnly} />
                <SwitchSetting name="EMAIL_PASSKEY_ADDED_NOTIFICATION_ENABLED" readOnly={readOnly} />
                <SwitchSetting name="EMAIL_LOGIN_NOTIFICATION_ENABLED" readOnly={readOnly} />
              </FormGridFull>
            </FormGrid>
          </fieldset>
          {report && (
            <div className="mt-4" data-testid="email-test-result">
              {report.ok ? <p className="text-sm text-success">{report.message}</p> : <FormAlert>{report.message}</FormAlert>}
            </div>
          )}
        </CardContent>
        <CardFooter className="flex-wrap items-end justify-between gap-3">
          <div className="flex flex-wrap items-end gap-2">
            <FormField id="email-test-recipient" label="Send test e-mail to" className="w-64">
              <Input type="email" value={recipient} onChange={(event) => setRecipient(event.target.value)} autoComplete="off" />
            </FormField>
            <Button type="button" variant="outline" loading={pending === "test"} disabled={!hydrated || pending !== null} onClick={test}>
              <Mail aria-hidden="true" />
              Send test e-mail
            </Button>
          </div>
          {!readOnly && (
            <Button type="submit" form={FORM_ID} loading={pending === "save"} disabled={!hydrated || pending !== null}>
              Save e-mail settings
            </Button>
          )}
        </CardFooter>
      </Card>
    </FormProvider>
  );
}
