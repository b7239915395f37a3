import type { ReactNode } from "react";
import Link from "next/link";
import { AppIcon } from "@/components/app-icon";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

type AuthPageProps = { appName: string; title: string; description: ReactNode; wide?: boolean; children: ReactNode };

/** The centred card used by the pages a signed-out visitor sees: setup, sign-in, login links. */
export function AuthPage({ appName, title, description, wide = false, children }: AuthPageProps) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <p className="flex items-center gap-2 font-semibold tracking-tight">
        <AppIcon size={32} />
        {appName}
      </p>
      <Card className={wide ? "w-full max-w-2xl" : "w-full max-w-md"}>
        <CardHeader>
          {/* The card's title is the page's only heading, so it is the h1. */}
          <h1 className="text-xl leading-tight font-semibold">{title}</h1>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
    </main>
  );
}

/** A card saying why nothing more can happen here, with the way out. */
export function AuthNotice({ link, children, ...page }: Omit<AuthPageProps, "wide"> & { link: { href: string; label: string } }) {
  return (
    <AuthPage {...page}>
      <div className="grid gap-4 text-sm">
        {children}
        <Link href={link.href} className="font-medium underline underline-offset-4">
          {link.label}
        </Link>
      </div>
    </AuthPage>
  );
}
