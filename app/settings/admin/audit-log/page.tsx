import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/lib/auth/guards";
import { listAuditLog } from "@/lib/audit/list";
import type { AuditLogQuery } from "@/lib/audit/schema";
import { ValidationError } from "@/lib/errors";
import { PageHeader } from "@/components/page-header";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { SectionCard } from "@/components/ui/card";
import { buttonClassName } from "@/components/ui/button-styles";
import { listHref } from "@/components/users/list-href";

export const metadata: Metadata = { title: "Audit Log" };
export const dynamic = "force-dynamic";

const PATH = "/settings/admin/audit-log";
type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireAdminPage();
  const params = await searchParams;
  const page = await listAuditLog(params, ctx).catch((error: unknown) => {
    if (error instanceof ValidationError) return error;
    throw error;
  });
  const query: Partial<AuditLogQuery> = page instanceof ValidationError ? {} : page.query;
  const filters = { user: query.user, event: query.event, from: query.from, to: query.to };

  return (
    <div className="grid gap-6">
      <PageHeader title="Audit Log" description="Sign-ins, changes to users, groups and the configuration, and LDAP syncs, newest first." />
      <SectionCard title="Events" description={page instanceof ValidationError ? Object.values(page.fieldErrors).flat().join(" ") || page.message : "Times are shown in UTC."} contentClassName="grid gap-4">
        <AuditFilters action={PATH} query={query} />
        {!(page instanceof ValidationError) && (
          <>
            <AuditTable entries={page.entries} emptyText="No events match these filters." />
            <nav aria-label="Audit log pages" className="flex justify-end gap-2">
              {page.query.before && (
                <Link href={listHref(PATH, filters)} className={buttonClassName({ variant: "outline" })}>
                  Newest
                </Link>
              )}
              {page.nextCursor && (
                <Link href={listHref(PATH, { ...filters, before: page.nextCursor })} className={buttonClassName({ variant: "outline" })}>
                  Older
                </Link>
              )}
            </nav>
          </>
        )}
      </SectionCard>
    </div>
  );
}
