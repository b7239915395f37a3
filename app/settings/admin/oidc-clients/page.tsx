import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/guards";
import { listOidcClients } from "@/lib/oidc/clients";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ClientsTable } from "@/components/oidc/clients-table";

export const metadata: Metadata = { title: "Applications" };
export const dynamic = "force-dynamic";

function CopyableValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-1">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="flex items-center gap-1">
        <span className="font-mono text-sm break-all">{value}</span>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} iconOnly variant="ghost" size="icon" />
      </dd>
    </div>
  );
}

/** The applications that sign users in with OpenID Connect (docs/oidc.md). */
export default async function OidcClientsPage() {
  const ctx = await requireAdminPage();
  const clients = await listOidcClients(ctx);
  const issuer = ctx.server.APP_URL;

  return (
    <div className="grid gap-6">
      <PageHeader title="Applications" description="Applications that sign your users in with OpenID Connect." />
      <Card>
        <CardHeader>
          <CardTitle>Connection details</CardTitle>
          <CardDescription>What an application needs besides its client ID and secret.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 sm:grid-cols-2">
            <CopyableValue label="Issuer" value={issuer} />
            <CopyableValue label="Discovery URL" value={`${issuer}/.well-known/openid-configuration`} />
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All applications</CardTitle>
          <CardDescription>
            Create one with <code className="font-mono text-xs">npm run cli -- oidc-clients create --name NAME --callback-url URL</code>; the
            secret is printed once.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ClientsTable clients={clients} />
        </CardContent>
      </Card>
    </div>
  );
}
