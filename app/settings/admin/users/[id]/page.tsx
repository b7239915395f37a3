import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getUser } from "@/lib/users/get";
import { getUserClaims } from "@/lib/claims/read";
import { isMailConfigured } from "@/lib/mail/login-links";
import { DetailPageHeader } from "@/components/page-header";
import { SectionCard } from "@/components/ui/card";
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

      <SectionCard title="Profile" description={permissions.edit ? "Username, e-mail address and names." : "Synced from the directory."}>
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
      </SectionCard>

      <SectionCard title="Groups" description="Applications see these groups in the user's groups claim.">
        <UserGroupsManager userId={user.id} username={user.username} groups={detail.groups} ldapEnabled={detail.ldapEnabled} />
      </SectionCard>

      <SectionCard title="Custom claims" description="Applications receive these with the profile scope. The user's own claims win over those from LDAP, which win over their groups'." contentClassName="grid gap-6">
        <UserClaimsEditor userId={user.id} claims={claims.own} />
        {inheritedClaims.length > 0 && (
          <div className="grid gap-2">
            <h3 className="text-sm font-semibold">From LDAP and groups</h3>
            <InheritedClaimsTable entries={inheritedClaims} />
          </div>
        )}
      </SectionCard>

      <SectionCard title="Passkeys" description={<>{detail.passkeys.length === 1 ? "1 passkey" : `${detail.passkeys.length} passkeys`} registered. Remove a lost or
            retired device here.</>}>
        <UserPasskeys
          userId={user.id}
          username={user.username}
          passkeys={passkeyRows(detail.passkeys)}
        />
      </SectionCard>

      <SectionCard title="Sessions" description={<>{detail.activeSessions === 1 ? "Signed in on 1 browser." : `Signed in on ${detail.activeSessions} browsers.`} Sign a lost or
            stolen device out here.</>}>
        <UserSessions userId={user.id} username={user.username} activeSessions={detail.activeSessions} />
      </SectionCard>

      <SectionCard title="Login link" description={<>A single-use link that signs {user.username} in, e.g. to add their first passkey: shown here, or e-mailed to them.</>}>
        <CreateLoginLink userId={user.id} email={user.email} emailConfigured={emailConfigured} disabled={user.disabled} />
      </SectionCard>

      {hasAccountActions && (
        <SectionCard title="Account" description={detail.managedByLdap
                ? "The directory no longer lists this user: delete them to remove their passkeys and sessions."
                : "A disabled user cannot sign in; their sessions end at once."}>
          <UserAccountActions user={user} permissions={permissions} />
        </SectionCard>
      )}
    </div>
  );
}
