import type { ReactNode } from "react";
import { getSettings } from "@/lib/config";
import { getSessionUser, requireUserPage } from "@/lib/auth/guards";
import { SettingsShell } from "@/components/settings-shell";
import { UserMenu } from "@/components/auth/user-menu";

export const dynamic = "force-dynamic";

// Only the frame: every page below checks its own access (requireUserPage / requireAdminPage).
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requireUserPage();
  const [user, { values }] = await Promise.all([getSessionUser(), getSettings(ctx)]);
  return (
    <SettingsShell
      appName={values.APP_NAME}
      isAdmin={ctx.actor.isAdmin}
      userMenu={<UserMenu name={user?.displayName || user?.username || ""} isAdmin={ctx.actor.isAdmin} />}
    >
      {children}
    </SettingsShell>
  );
}
