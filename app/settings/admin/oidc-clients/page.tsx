import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { requireAdminPage } from "@/lib/auth/guards";
import { listOidcClients } from "@/lib/oidc/client-list";
import { PageHeader } from "@/components/page-header";
import { buttonClassName } from "@/components/ui/button-styles";
import { SectionCard } from "@/components/ui/card";
import { ClientsTable } from "@/components/oidc/clients-table";
import { IssuerDetails } from "@/components/oidc/connection-details";

export const metadata: Metadata = { title: "Applications" };
export const dynamic = "force-dynamic";

/** The applications that sign users in with OpenID Connect (docs/oidc.md). */
export default async function OidcClientsPage() {
  const ctx = await requireAdminPage();
  const clients = await listOidcClients(ctx);

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Applications"
        description="Applications that sign your users in with OpenID Connect."
        actions={
          <Link href="/settings/admin/oidc-clients/new" className={buttonClassName()}>
            <Plus aria-hidden="true" />
            Add application
          </Link>
        }
      />
      <SectionCard title="Connection details" description="What every application needs besides its client ID and secret; each application's page lists all its values.">
        <IssuerDetails issuer={ctx.server.APP_URL} />
      </SectionCard>
      <SectionCard title="All applications" description="Open one to change its callback URLs and allowed groups, or to regenerate its secret.">
        <ClientsTable clients={clients} />
      </SectionCard>
    </div>
  );
}
