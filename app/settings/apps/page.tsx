import type { Metadata } from "next";
import { requireUserPage } from "@/lib/auth/guards";
import { listMyAuthorizedApps } from "@/lib/oidc/my-apps";
import { SCOPE_TEXT } from "@/lib/oidc/scope-text";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RevokeAppButton } from "@/components/oidc/revoke-app-button";

export const metadata: Metadata = { title: "My apps" };
export const dynamic = "force-dynamic";

/** The applications the signed-in user allowed to access their account, with Revoke. */
export default async function MyAppsPage() {
  const apps = await listMyAuthorizedApps(await requireUserPage());
  return (
    <div className="grid gap-6">
      <PageHeader title="My apps" description="Applications you signed in to with this account." />
      {apps.length === 0 && (
        <Card>
          <CardHeader>
            <CardTitle>No applications yet</CardTitle>
            <CardDescription>Applications you allow to access your account appear here.</CardDescription>
          </CardHeader>
        </Card>
      )}
      {apps.map((app) => (
        <Card key={app.clientId} aria-label={app.name} role="region">
          <CardHeader actions={<RevokeAppButton app={app} />}>
            <CardTitle>
              {app.launchUrl ? (
                <a href={app.launchUrl} className="underline-offset-4 hover:underline">
                  {app.name}
                </a>
              ) : (
                app.name
              )}
            </CardTitle>
            <CardDescription>Can see:</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="list-disc pl-5 text-sm">
              {app.scopes.map((scope) => (
                <li key={scope}>{SCOPE_TEXT[scope] ?? scope}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
