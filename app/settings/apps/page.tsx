import type { Metadata } from "next";
import { requireUserPage } from "@/lib/auth/guards";
import { listMyAuthorizedApps, listMyLaunchableApps } from "@/lib/oidc/my-apps";
import { SCOPE_TEXT } from "@/lib/oidc/scope-text";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LaunchableApps } from "@/components/oidc/launchable-apps";
import { RevokeAppButton } from "@/components/oidc/revoke-app-button";

export const metadata: Metadata = { title: "My apps" };
export const dynamic = "force-dynamic";

/** The applications the signed-in user may launch, and those they allowed to access their account (Revoke). */
export default async function MyAppsPage() {
  const ctx = await requireUserPage();
  const [launchable, authorized] = await Promise.all([listMyLaunchableApps(ctx), listMyAuthorizedApps(ctx)]);
  return (
    <div className="grid gap-6">
      <PageHeader title="My apps" description="Applications you may use, and those you signed in to with this account." />
      <Card aria-label="Applications you may use">
        <CardHeader>
          <CardTitle>Applications you may use</CardTitle>
          <CardDescription>Launch one: it signs you in with this account.</CardDescription>
        </CardHeader>
        <CardContent>
          <LaunchableApps apps={launchable} />
        </CardContent>
      </Card>
      <h2 className="text-base font-semibold">Signed in with this account</h2>
      {authorized.length === 0 && (
        <Card>
          <CardHeader className="pb-6">
            <CardDescription>Applications you allow to access your account appear here.</CardDescription>
          </CardHeader>
        </Card>
      )}
      {authorized.map((app) => (
        <Card key={app.clientId} aria-label={app.name} role="region">
          <CardHeader actions={<RevokeAppButton app={app} />}>
            <CardTitle as="h3">{app.name}</CardTitle>
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
