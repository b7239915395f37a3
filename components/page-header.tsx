import type { ReactNode } from "react";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { buttonClassName } from "@/components/ui/button-styles";
import { cn } from "@/lib/utils/cn";

export type PageHeaderProps = {
  title: ReactNode;
  /** One line saying what the page is for. */
  description?: ReactNode;
  /** Buttons or links shown at the right on wide screens, below on narrow ones. */
  actions?: ReactNode;
  className?: string;
};

/** The page's h1; cards below use h2 titles. */
export function PageHeader({ title, description, actions, className }: PageHeaderProps) {
  return (
    <div className={cn("mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between", className)}>
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

/** Header of a user's or group's admin page: name with badges, the login name, a way back to the list. */
export function DetailPageHeader({
  title,
  badges,
  description,
  back,
  actions,
  avatar,
}: {
  title: string;
  badges: ReactNode;
  description: string;
  back: { href: string; label: string };
  /** Links shown before the way back (e.g. the user's audit log). */
  actions?: ReactNode;
  /** Shown before the title (a user's picture). */
  avatar?: ReactNode;
}) {
  return (
    <PageHeader
      title={
        <span className="flex flex-wrap items-center gap-2">
          {avatar && <span className="mr-2">{avatar}</span>}
          {title}
          {badges}
        </span>
      }
      description={description}
      actions={
        <>
          {actions}
          <Link href={back.href} className={buttonClassName({ variant: "outline" })}>
            <ArrowLeft aria-hidden="true" />
            {back.label}
          </Link>
        </>
      }
    />
  );
}
