import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getOidcClient } from "@/lib/oidc/client-list";
import { DetailPageHeader } from "@/components/page-header";
import { Card, CardDescription, CardHeader, CardTitle, SectionCard } from "@/components/ui/card";
import { ClientTypeBadge } from "@/components/oidc/clients-table";
import { ConnectionDetails } from "@/components/oidc/connection-details";
import { DeleteClientButton } from "@/components/oidc/delete-client-button";
import { EditClientForm } from "@/components/oidc/edit-client-form";
import { RegenerateSecretButton } from "@/components/oidc/regenerate-secret-button";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

/** One OpenID Connect client: what to configure in the application, its secret, its settings. */
export default async function OidcClientPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireAdminPage();
  const { id } = await params;
  const client = await getOidcClient(id, ctx).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const ref = { id: client.id, name: client.name };

  return (
    <div className="grid gap-6">
      <DetailPageHeader
        title={client.name}
        badges={<ClientTypeBadge isPublic={client.isPublic} />}
        description={client.id}
        back={{ href: "/settings/admin/oidc-clients", label: "All applications" }}
      />

      <SectionCard title="Connection details" description="The values to enter in the application. Most need only the discovery URL, the client ID and the secret.">
        <ConnectionDetails issuer={ctx.server.APP_URL} clientId={client.id} callbackUrls={client.redirectUris} />
      </SectionCard>

      {!client.isPublic && (
        <Card>
          <CardHeader className="pb-6" actions={<RegenerateSecretButton client={ref} />}>
            <CardTitle>Client secret</CardTitle>
            <CardDescription>Stored only as a hash, so it cannot be shown again. Lost or leaked? Regenerate it.</CardDescription>
          </CardHeader>
        </Card>
      )}

      <SectionCard title="Settings" description="Changes apply at the next sign-in, refresh or userinfo call, also to users signed in already.">
        <EditClientForm
          clientId={client.id}
          groupsDeleted={client.restrictedToGroups && client.allowedGroups.length === 0}
          values={{
            name: client.name,
            callbackUrls: client.redirectUris,
            logoutCallbackUrls: client.postLogoutRedirectUris,
            isPublic: client.isPublic,
            pkceRequired: client.pkceRequired,
            allowedGroups: client.allowedGroups,
            launchUrl: client.launchUrl ?? "",
          }}
        />
      </SectionCard>

      <Card>
        <CardHeader className="pb-6" actions={<DeleteClientButton client={ref} then="/settings/admin/oidc-clients" />}>
          <CardTitle>Delete application</CardTitle>
          <CardDescription>Its client ID stops working and every grant and token issued to it ends.</CardDescription>
        </CardHeader>
      </Card>
    </div>
  );
}
