import type { Metadata } from "next";
import { KeyRound } from "lucide-react";
import { requireUserPage } from "@/lib/auth/guards";
import { getMyAccount } from "@/lib/auth/account";
import { listMySignIns } from "@/lib/audit/list";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, SectionCard } from "@/components/ui/card";
import { AccountDetailsForm } from "@/components/auth/account-details-form";
import { AddPasskeyButton } from "@/components/auth/add-passkey-button";
import { PasskeyList } from "@/components/auth/passkey-list";
import { passkeyRows } from "@/components/auth/passkey-rows";
import { SignInHistory } from "@/components/audit/sign-in-history";
import { DirectoryPortalNotice } from "@/components/auth/directory-portal-notice";
import { ProfilePictureForm } from "@/components/auth/profile-picture-form";
import { UserAvatar } from "@/components/users/user-avatar";

export const metadata: Metadata = { title: "My account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const ctx = await requireUserPage();
  const [account, signIns] = await Promise.all([getMyAccount(undefined, ctx), listMySignIns(undefined, ctx)]);
  const hasPasskey = account.passkeys.length > 0;
  return (
    <div className="grid gap-6">
      <PageHeader title="My account" description="Your details and the passkeys you sign in with." />

      {!hasPasskey && (
        <Card className="border-primary/50 bg-primary/5">
          <CardHeader className="pb-6" actions={<AddPasskeyButton size="lg" />}>
            <CardTitle className="flex items-center gap-2">
              <KeyRound aria-hidden="true" className="size-4" />
              Add your first passkey
            </CardTitle>
            <CardDescription>
              You have no passkey yet, so you cannot sign in again without a new login link. Add one now: your
              device, phone or security key will ask you to confirm.
            </CardDescription>
          </CardHeader>
        </Card>
      )}

      <Card>
        <CardHeader actions={account.ldapManaged ? <Badge variant="ldap">LDAP</Badge> : undefined}>
          <CardTitle>Account details</CardTitle>
          <CardDescription>
            {account.ldapManaged
              ? "Managed by LDAP: change these details in your directory; they are synced here."
              : account.editable
                ? "Your name, username and email address."
                : "Your name, username and email address. Your administrator does not allow changing them here."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {account.accountPortalUrl && <DirectoryPortalNotice url={account.accountPortalUrl} />}
          <AccountDetailsForm
            readOnly={!account.editable}
            loginFieldsLocked={account.loginFieldsLocked}
            details={{
              username: account.username,
              email: account.email ?? "",
              firstName: account.firstName,
              lastName: account.lastName,
            }}
          />
        </CardContent>
      </Card>

      <SectionCard title="Profile picture" description={account.ldapManaged
              ? "Your picture comes from your directory: change it there."
              : "Shown next to your name here and to the applications you sign in to."} contentClassName="flex flex-col gap-4 sm:flex-row sm:items-end">
        <UserAvatar user={account} size="lg" />
        {!account.ldapManaged && (
          <div className="flex-1">
            <ProfilePictureForm hasPicture={account.pictureEtag !== null} />
          </div>
        )}
      </SectionCard>

      <Card>
        <CardHeader actions={hasPasskey ? <AddPasskeyButton variant="outline" size="sm" /> : undefined}>
          <CardTitle>Passkeys</CardTitle>
          <CardDescription>
            {hasPasskey
              ? "Each one signs you in. Keep at least two (e.g. laptop and phone) so losing a device does not lock you out; your only passkey cannot be deleted."
              : "None yet."}
          </CardDescription>
        </CardHeader>
        {hasPasskey && (
          <CardContent>
            <PasskeyList
              passkeys={passkeyRows(account.passkeys)}
            />
          </CardContent>
        )}
      </Card>

      <SectionCard title="Recent sign-ins" description="Where your account signed in from. If you do not recognise one, tell your administrator.">
        <SignInHistory signIns={signIns} />
      </SectionCard>
    </div>
  );
}
