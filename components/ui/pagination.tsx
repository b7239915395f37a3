import type { ReactNode } from "react";
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { buttonClassName } from "./button-styles";

export type PaginationProps = {
  /** 1-based current page. */
  page: number;
  pageCount: number;
  /** Builds the URL of a page, e.g. (p) => `?page=${p}&q=${q}`. */
  hrefForPage: (page: number) => string;
  className?: string;
};

/** "Page X of Y" with Previous/Next links; at either end the link stays in place, aria-disabled and without href. */
export function Pagination({ page, pageCount, hrefForPage, className }: PaginationProps) {
  const total = Math.max(1, pageCount);
  const current = Math.min(Math.max(1, page), total);

  return (
    <nav aria-label="Pagination" className={cn("flex items-center justify-between gap-4", className)}>
      <p className="text-sm text-muted-foreground">
        Page {current} of {total}
      </p>
      <div className="flex items-center gap-2">
        <PageLink href={current > 1 ? hrefForPage(current - 1) : undefined} rel="prev">
          <ChevronLeft aria-hidden="true" />
          Previous<span className="sr-only"> page</span>
        </PageLink>
        <PageLink href={current < total ? hrefForPage(current + 1) : undefined} rel="next">
          Next<span className="sr-only"> page</span>
          <ChevronRight aria-hidden="true" />
        </PageLink>
      </div>
    </nav>
  );
}

function PageLink({ href, rel, children }: { href?: string; rel: "prev" | "next"; children: ReactNode }) {
  const className = buttonClassName({ variant: "outline", size: "sm" });
  if (!href) {
    // An <a> without href is not focusable; role keeps it findable as the (disabled) link.
    return (
      <a role="link" aria-disabled="true" className={className}>
        {children}
      </a>
    );
  }
  return (
    <Link href={href} rel={rel} className={className}>
      {children}
    </Link>
  );
}
