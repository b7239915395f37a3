"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils/cn";

type SettingsNavLinkProps = { href: string; icon?: ReactNode; children: ReactNode };

/** Sidebar link marked aria-current="page" on its own route and on the routes below it. */
export function SettingsNavLink({ href, icon, children }: SettingsNavLinkProps) {
  // null only in the Pages Router (the OIDC mount, which renders no pages).
  const pathname = usePathname() ?? "";
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
        "[&_svg]:size-4 [&_svg]:shrink-0",
        active
          ? "bg-accent text-accent-foreground"
          : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
      )}
    >
      {icon}
      {children}
    </Link>
  );
}
