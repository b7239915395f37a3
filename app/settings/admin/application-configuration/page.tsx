import type { Metadata } from "next";
import { Lock } from "lucide-react";
import { requireAdminPage } from "@/lib/auth/guards";
import { getConfigurationForAdmin } from "@/lib/config/verbs";
import { ConfigurationForm } from "@/components/config/configuration-form";
import { PageHeader } from "@/components/page-header";
import { LdapSyncPanel } from "@/components/jobs/ldap-sync-panel";
import { EmailCard } from "@/components/config/email-card";

export const metadata: Metadata = { title: "Application Configuration" };
export const dynamic = "force-dynamic";

export default async function ApplicationConfigurationPage() {
  const config = await getConfigurationForAdmin(await requireAdminPage());
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Application Configuration"
        description="General settings, the LDAP directory that users and groups are synced from, and e-mail delivery."
      />
      {config.readOnly && (
        <div role="note" className="flex items-start gap-3 rounded-lg border border-info/30 bg-info/10 px-4 py-3 text-sm">
          <Lock aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-info" />
          <p>
            <span className="font-medium">Read-only: configured by environment variables.</span> UI_CONFIG_DISABLED=true, so
            these are the values from the environment and cannot be changed here. Change the variables and restart the
            server. Test connection and Send test e-mail still work.
          </p>
        </div>
      )}
      <ConfigurationForm
        values={config.values}
        bindPasswordSet={config.bindPasswordSet}
        readOnly={config.readOnly}
        ldapSyncStatus={<LdapSyncPanel ldapEnabled={config.values.LDAP_ENABLED} />}
      />
      <EmailCard values={config.values} smtpPasswordSet={config.smtpPasswordSet} readOnly={config.readOnly} adminEmail={config.ownEmail} />
    </div>
  );
}
