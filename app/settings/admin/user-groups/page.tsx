import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/guards";
import { listGroups } from "@/lib/groups/list";
import { groupListQuerySchema } from "@/lib/groups/schema";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { CreateGroupDialog } from "@/components/groups/create-group-dialog";
import { GroupsTable } from "@/components/groups/groups-table";
import { listHref } from "@/components/users/list-href";
import { SearchForm } from "@/components/users/search-form";

export const metadata: Metadata = { title: "User Groups" };
export const dynamic = "force-dynamic";

const PATH = "/settings/admin/user-groups";

export default async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireAdminPage();
  const list = await listGroups(groupListQuerySchema.parse(await searchParams), ctx);
  const { q } = list;
  const count = `${list.total.toLocaleString("en-US")} ${list.total === 1 ? "group" : "groups"}`;

  return (
    <div className="grid gap-6">
      <PageHeader title="User Groups" description="Groups tell applications what their members may do." actions={<CreateGroupDialog />} />
      <Card>
        <CardHeader actions={<SearchForm action={PATH} id="groups-search" label="Search groups" q={q} placeholder="Name or friendly name" />}>
          <CardTitle>All groups</CardTitle>
          <CardDescription>{q ? `${count} match “${q}”.` : `${count}.`}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <GroupsTable groups={list.items} emptyText={q ? "No group matches this search." : "No groups yet."} />
          <Pagination page={list.page} pageCount={list.pageCount} hrefForPage={(page) => listHref(PATH, { q, page })} />
        </CardContent>
      </Card>
    </div>
  );
}
