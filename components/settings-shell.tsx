import type { ReactNode } from "react";
import Link from "next/link";
import { AppWindow, LayoutGrid, ScrollText, Settings, UserRound, Users, UsersRound } from "lucide-react";
import { AppIcon } from "./app-icon";
import { SettingsNavLink } from "./settings-nav-link";

export type SettingsShellProps = {
  appName: string;
  isAdmin: boolean;
  /** Signed-in user's name and the "Sign out" form, shown at the right of the top bar. */
  userMenu?: ReactNode;
  children: ReactNode;
};

const accountLinks = [
  { href: "/settings/account", label: "My account", icon: <UserRound /> },
  { href: "/settings/apps", label: "My apps", icon: <LayoutGrid /> },
];
const adminLinks = [
  { href: "/settings/admin/users", label: "Users", icon: <Users /> },
  { href: "/settings/admin/user-groups", label: "User Groups", icon: <UsersRound /> },
  { href: "/settings/admin/oidc-clients", label: "Applications", icon: <AppWindow /> },
  { href: "/settings/admin/application-configuration", label: "Application Configuration", icon: <Settings /> },
  { href: "/settings/admin/audit-log", label: "Audit Log", icon: <ScrollText /> },
];

/** Top bar + "Settings" sidebar; the sidebar sits above the content on narrow screens. */
export function SettingsShell({ appName, isAdmin, userMenu, children }: SettingsShellProps) {
  const links = isAdmin ? [...accountLinks, ...adminLinks] : accountLinks;
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-popover focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
          <Link href="/settings/account" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
            <AppIcon size={28} />
            {appName}
          </Link>
          {userMenu && <div className="flex min-w-0 items-center gap-3 text-sm">{userMenu}</div>}
        </div>
      </header>
      <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10 md:py-10">
        <aside className="md:w-60 md:shrink-0">
          <nav aria-label="Settings" className="md:sticky md:top-24">
            <ul className="flex flex-wrap gap-1 md:flex-col">
              {links.map((link) => (
                <li key={link.href}>
                  <SettingsNavLink href={link.href} icon={link.icon}>
                    {link.label}
                  </SettingsNavLink>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
