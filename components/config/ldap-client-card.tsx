"use client";
import type { ReactNode } from "react";
import { PlugZap } from "lucide-react";
import type { ConnectionTestReport } from "@/lib/config/connection-test";
import type { ConfigFormInput } from "@/lib/config/form-schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { SecretSettingField } from "./secret-setting-field";
import { ConnectionTestResult } from "./connection-test-result";
import { PresetSelect } from "./preset-select";
import { CONFIG_FORM_ID, CertificateSetting, SwitchSetting, TextSetting } from "./setting-fields";

export type PendingAction = "save" | "enable" | "disable" | "test" | null;

export interface LdapClientCardProps {
  readOnly: boolean;
  enabled: boolean;
  bindPasswordSet: boolean;
  pending: PendingAction;
  report: ConnectionTestReport | null;
  onEnable(): void;
  onDisable(): void;
  onTest(): void;
  /** Rendered at the end of the card in <section id="ldap-sync-status">: "Sync now" and the run history. */
  syncStatus?: ReactNode;
}

export function LdapClientCard(props: LdapClientCardProps) {
  const { readOnly, enabled, bindPasswordSet, pending, report } = props;
  const toggle = readOnly ? null : enabled ? (
    <Button type="button" variant="outline" size="sm" loading={pending === "disable"} disabled={pending !== null} onClick={props.onDisable}>
      Disable LDAP
    </Button>
  ) : (
    <Button type="button" size="sm" loading={pending === "enable"} disabled={pending !== null} onClick={props.onEnable}>
      Enable LDAP
    </Button>
  );
  return (
    <Card>
      <CardHeader
        actions={
          <>
            <Badge variant={enabled ? "success" : "muted"} data-testid="ldap-status">
              {enabled ? "LDAP enabled" : "LDAP disabled"}
            </Badge>
            {toggle}
          </>
        }
      >
        <CardTitle>LDAP Client Configuration</CardTitle>
        <CardDescription>How to reach your directory and which entries are users and groups.</CardDescription>
      </CardHeader>
      <CardContent>
        <FormGrid>
          {!readOnly && (
            <FormGridFull>
              <PresetSelect />
            </FormGridFull>
          )}
          <TextSetting name="LDAP_URL" readOnly={readOnly} mono />
          <TextSetting name="LDAP_BASE" readOnly={readOnly} mono />
          <TextSetting name="LDAP_BIND_DN" readOnly={readOnly} mono />
          <SecretSettingField<ConfigFormInput> name="LDAP_BIND_PASSWORD" clearName="clearBindPassword" formId={CONFIG_FORM_ID} passwordSet={bindPasswordSet} readOnly={readOnly} statusTestId="bind-password-status" />
          <TextSetting name="LDAP_USER_SEARCH_FILTER" readOnly={readOnly} mono />
          <TextSetting name="LDAP_USER_GROUP_SEARCH_FILTER" readOnly={readOnly} mono />
          <SwitchSetting name="LDAP_START_TLS" readOnly={readOnly} />
          <SwitchSetting name="LDAP_SKIP_CERT_VERIFY" readOnly={readOnly} />
          <FormGridFull>
            <CertificateSetting readOnly={readOnly} />
          </FormGridFull>
          <SwitchSetting name="LDAP_SOFT_DELETE_USERS" readOnly={readOnly} />
          <SwitchSetting name="LDAP_NESTED_GROUPS" readOnly={readOnly} />
          <TextSetting name="LDAP_PAGE_SIZE" readOnly={readOnly} numeric />
          <TextSetting name="LDAP_MAX_REMOVAL_PERCENT" readOnly={readOnly} numeric />
          <TextSetting name="LDAP_TIMEOUT" readOnly={readOnly} numeric />
          <TextSetting name="LDAP_ACCOUNT_PORTAL_URL" readOnly={readOnly} mono />
          {report && (
            <FormGridFull>
              <ConnectionTestResult report={report} />
            </FormGridFull>
          )}
        </FormGrid>
      </CardContent>
      <CardFooter className="justify-between">
        <p className="text-xs text-muted-foreground">Tests the values above, before they are saved.</p>
        <Button type="button" variant="outline" loading={pending === "test"} disabled={pending !== null} onClick={props.onTest}>
          <PlugZap aria-hidden="true" />
          Test connection
        </Button>
      </CardFooter>
      {props.syncStatus && (
        <section id="ldap-sync-status" aria-label="LDAP sync" className="border-t px-6 py-6">
          {props.syncStatus}
        </section>
      )}
    </Card>
  );
}
