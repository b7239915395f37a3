import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getUser } from "@/lib/users/get";
import { getUserClaims } from "@/lib/claims/read";
import { isMailConfigured } from "@/lib/mail/login-links";
import { DetailPageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateLoginLink } from "@/components/auth/create-login-link";
import { InheritedClaimsTable } from "@/components/claims/inherited-claims-table";
import { UserClaimsEditor } from "@/components/claims/owner-claims-editors";
import { passkeyRows } from "@/components/auth/passkey-rows";
import { AdminBadge, SourceBadge, StatusBadge } from "@/components/users/badges";
import { EditUserForm } from "@/components/users/edit-user-form";
import { ManagedByLdapNotice } from "@/components/users/ldap-notice";
import { UserAccountActions } from "@/components/users/user-account-actions";
import { UserGroupsManager } from "@/components/users/user-groups-manager";
import { UserPasskeys } from "@/components/users/user-passkeys";
import { UserProfileDetails } from "@/components/users/user-profile-details";
import { UserSessions } from "@/components/users/user-sessions";
import { UserAvatar } from "@/components/users/user-avatar";
import { displayNameOf } from "@/lib/users/profile";
import { buttonClassName } from "@/components/ui/button-styles";
import { listHref } from "@/components/users/list-href";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireAdminPage();
  const { id } = await params;
  const detail = await getUser(id, ctx).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { user, permissions } = detail;
  const claims = await getUserClaims(user.id, ctx);
  const emailConfigured = await isMailConfigured(ctx);
  const inheritedClaims = claims.entries.filter((entry) => entry.origin.kind !== "user");
  const hasAccountActions = permissions.setDisabled || permissions.setAdmin || permissions.delete;

  return (
    <div className="grid gap-6">
      <DetailPageHeader
        title={displayNameOf(user) || user.username}
        avatar={<UserAvatar user={{ ...user, pictureEtag: detail.pictureEtag }} size="lg" />}
        badges={
          <>
            <SourceBadge ldapId={user.ldapId} />
            {user.isAdmin && <AdminBadge />}
            <StatusBadge disabled={user.disabled} />
          </>
        }
        description={user.username}
        back={{ href: "/settings/admin/users", label: "All users" }}
        actions={
          <Link href={listHref("/settings/admin/audit-log", { user: user.username })} className={buttonClassName({ variant: "outline" })}>
            Audit log
          </Link>
        }
      />

      {detail.managedByLdap && <ManagedByLdapNotice kind="user" />}

      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>
            {permissions.edit ? "Username, e-mail address and names." : "Synced from the directory."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {permissions.edit ? (
            <EditUserForm
              userId={user.id}
              profile={{
                username: user.username,
                email: user.email ?? "",
                firstName: user.firstName,
                lastName: user.lastName,
                displayName: user.displayName,
              }}
            />
          ) : (
            <UserProfileDetails user={user} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Groups</CardTitle>
          <CardDescription>Applications see these groups in the user&apos;s groups claim.</CardDescription>
        </CardHeader>
        <CardContent>
          <UserGroupsManager userId={user.id} username={user.username} groups={detail.groups} ldapEnabled={detail.ldapEnabled} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Custom claims</CardTitle>
          <CardDescription>
            Applications receive these with the profile scope. The user&apos;s own claims win over those from LDAP, which win
            over their groups&apos;.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <UserClaimsEditor userId={user.id} claims={claims.own} />
          {inheritedClaims.length > 0 && (
            <div className="grid gap-2">
              <h3 className="text-sm font-semibold">From LDAP and groups</h3>
              <InheritedClaimsTable entries={inheritedClaims} />
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Passkeys</CardTitle>
          <CardDescription>
            {detail.passkeys.length === 1 ? "1 passkey" : `${detail.passkeys.length} passkeys`} registered. Remove a lost or
            retired device here.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <UserPasskeys
            userId={user.id}
            username={user.username}
            passkeys={passkeyRows(detail.passkeys)}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>
            {detail.activeSessions === 1 ? "Signed in on 1 browser." : `Signed in on ${detail.activeSessions} browsers.`} Sign a lost or
            stolen device out here.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <UserSessions userId={user.id} username={user.username} activeSessions={detail.activeSessions} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Login link</CardTitle>
          <CardDescription>
            A single-use link that signs {user.username} in, e.g. to add their first passkey: shown here, or e-mailed to them.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateLoginLink userId={user.id} email={user.email} emailConfigured={emailConfigured} disabled={user.disabled} />
        </CardContent>
      </Card>

      {hasAccountActions && (
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
            <CardDescription>
              {detail.managedByLdap
                ? "The directory no longer lists this user: delete them to remove their passkeys and sessions."
                : "A disabled user cannot sign in; their sessions end at once."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <UserAccountActions user={user} permissions={permissions} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
