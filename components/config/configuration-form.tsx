"use client";
// The Application Configuration form: three cards sharing one react-hook-form instance. The cards
// are not wrapped in a <form> (the LDAP card hosts the sync-status slot, which may hold forms of
// its own); controls join CONFIG_FORM_ID through their `form` attribute.
import { useMemo, useState, type ReactNode } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  saveConfigurationAction,
  setLdapEnabledAction,
  testLdapConnectionAction,
} from "@/app/settings/admin/application-configuration/actions";
import type { ConnectionTestReport } from "@/lib/config/connection-test";
import {
  configFormDefaults,
  configFormSchemaFor,
  configFormShape,
  type ConfigFormInput,
  type ConfigFormValues,
  type PublicSettings,
} from "@/lib/config/form-schema";
import { applyFieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { GeneralCard } from "./general-card";
import { LdapAttributesCard } from "./ldap-attributes-card";
import { LdapClientCard, type PendingAction } from "./ldap-client-card";
import { CONFIG_FORM_ID } from "./setting-fields";

const FIELDS = Object.keys(configFormShape) as (keyof ConfigFormInput)[];

export interface ConfigurationFormProps {
  values: PublicSettings;
  bindPasswordSet: boolean;
  readOnly: boolean;
  /** Slot at the end of the LDAP card for the sync controls and history. */
  ldapSyncStatus?: ReactNode;
}

export function ConfigurationForm({ values, bindPasswordSet, readOnly, ldapSyncStatus }: ConfigurationFormProps) {
  const serverValues = useMemo(() => configFormDefaults(values), [values]);
  const resolver = useMemo(() => zodResolver(configFormSchemaFor(bindPasswordSet)), [bindPasswordSet]);
  const form = useForm<ConfigFormInput, unknown, ConfigFormValues>({
    resolver,
    mode: "onTouched",
    // Saved values from the server replace the fields after every save; unsaved edits survive.
    values: serverValues,
    resetOptions: { keepDirtyValues: true },
  });
  const [pending, setPending] = useState<PendingAction>(null);
  // False on the server and while hydrating: the controls stay disabled until react-hook-form owns
  // them, so nothing typed before that is silently replaced by the form's values.
  const hydrated = useHydrated();
  const [report, setReport] = useState<ConnectionTestReport | null>(null);

  async function run<T>(action: PendingAction, body: () => Promise<T>): Promise<T> {
    setPending(action);
    try {
      return await body();
    } finally {
      setPending(null);
    }
  }

  /** Sends what the form holds (the server parses it with the same schema). */
  async function save(input: ConfigFormInput, success: string): Promise<boolean> {
    const result = await saveConfigurationAction(input);
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
      toast.error("Configuration not saved", result.message);
      return false;
    }
    form.reset({ ...input, LDAP_BIND_PASSWORD: "", clearBindPassword: false });
    toast.success(success);
    return true;
  }

  const onSubmit = form.handleSubmit(() => run("save", () => save(form.getValues(), "Configuration saved")));

  async function enable() {
    await run("enable", async () => {
      form.setValue("LDAP_ENABLED", true);
      if (!(await form.trigger(undefined, { shouldFocus: true }))) {
        form.setValue("LDAP_ENABLED", false);
        return void toast.error("LDAP not enabled", "Fill in the highlighted fields first.");
      }
      if (!(await save(form.getValues(), "LDAP enabled"))) form.setValue("LDAP_ENABLED", false);
    });
  }

  async function disable() {
    await run("disable", async () => {
      const result = await setLdapEnabledAction(false);
      if (!result.ok) return void toast.error("LDAP not disabled", result.message);
      form.setValue("LDAP_ENABLED", false);
      toast.success("LDAP disabled", "Users and groups are no longer synced; synced accounts stay.");
    });
  }

  async function test() {
    await run("test", async () => {
      form.clearErrors();
      setReport(null);
      const result = await testLdapConnectionAction(form.getValues());
      if (!result.ok) {
        applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
        return void toast.error("Connection not tested", result.message);
      }
      setReport(result.data);
      const failed = result.data.steps.find((step) => step.status === "error");
      if (failed) toast.error("Connection test failed", failed.message);
      else toast.success("Connection successful", `Found ${result.data.users?.count ?? 0} users and ${result.data.groups?.count ?? 0} groups.`);
    });
  }

  return (
    <FormProvider {...form}>
      <form id={CONFIG_FORM_ID} noValidate onSubmit={onSubmit} />
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-6">
        <GeneralCard readOnly={readOnly} />
        <LdapClientCard
          readOnly={readOnly}
          enabled={values.LDAP_ENABLED}
          bindPasswordSet={bindPasswordSet}
          pending={pending}
          report={report}
          onEnable={enable}
          onDisable={disable}
          onTest={test}
          syncStatus={ldapSyncStatus}
        />
        <LdapAttributesCard readOnly={readOnly} />
        {!readOnly && (
          <div className="flex justify-end">
            <Button type="submit" form={CONFIG_FORM_ID} loading={pending === "save"} disabled={pending !== null}>
              Save
            </Button>
          </div>
        )}
      </fieldset>
    </FormProvider>
  );
}
