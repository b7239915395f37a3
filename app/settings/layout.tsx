import type { ReactNode } from "react";
import { getSettings } from "@/lib/config";
import { getSessionUser, requireUserPage } from "@/lib/auth/guards";
import { SettingsShell } from "@/components/settings-shell";
import { UserMenu } from "@/components/auth/user-menu";
import { pictureEtagOf } from "@/lib/pictures/serve";

export const dynamic = "force-dynamic";

// Only the frame: every page below checks its own access (requireUserPage / requireAdminPage).
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requireUserPage();
  const [user, { values }] = await Promise.all([getSessionUser(), getSettings(ctx)]);
  const pictureEtag = user ? await pictureEtagOf(user.userId, ctx) : null;
  return (
    <SettingsShell
      appName={values.APP_NAME}
      isAdmin={ctx.actor.isAdmin}
      userMenu={
        user && <UserMenu user={{ id: user.userId, username: user.username, displayName: user.displayName, pictureEtag }} isAdmin={ctx.actor.isAdmin} />
      }
    >
      {children}
    </SettingsShell>
  );
}
