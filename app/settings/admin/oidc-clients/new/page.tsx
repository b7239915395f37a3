import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireAdminPage } from "@/lib/auth/guards";
import { PageHeader } from "@/components/page-header";
import { buttonClassName } from "@/components/ui/button-styles";
import { SectionCard } from "@/components/ui/card";
import { CreateClientForm } from "@/components/oidc/create-client-form";

export const metadata: Metadata = { title: "Add application" };
export const dynamic = "force-dynamic";

/** A new OpenID Connect client; its secret is shown once, right after creation. */
export default async function NewOidcClientPage() {
  await requireAdminPage();
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Add application"
        description="An application that signs your users in with OpenID Connect."
        actions={
          <Link href="/settings/admin/oidc-clients" className={buttonClassName({ variant: "outline" })}>
            <ArrowLeft aria-hidden="true" />
            All applications
          </Link>
        }
      />
      <SectionCard title="Application" description="Take the callback URL from the application's documentation on OpenID Connect (OIDC) sign-in.">
        <CreateClientForm />
      </SectionCard>
    </div>
  );
}
