import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/list";
import { getGroupClaims } from "@/lib/claims/read";
import { groupListQuerySchema } from "@/lib/groups/schema";
import { listGroupClients } from "@/lib/oidc/client-list";
import { DetailPageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, SectionCard } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { GroupClaimsEditor } from "@/components/claims/owner-claims-editors";
import { DeleteGroupButton } from "@/components/groups/delete-group-button";
import { EditGroupForm } from "@/components/groups/edit-group-form";
import { GroupApplications } from "@/components/groups/group-applications";
import { GroupMembers } from "@/components/groups/group-members";
import { SourceBadge } from "@/components/users/badges";
import { ManagedByLdapNotice } from "@/components/users/ldap-notice";
import { listHref } from "@/components/users/list-href";
import { SearchForm } from "@/components/users/search-form";

export const metadata: Metadata = { title: "User Group" };
export const dynamic = "force-dynamic";

type GroupPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function GroupPage({ params, searchParams }: GroupPageProps) {
  const ctx = await requireAdminPage();
  const { id } = await params;
  const detail = await getGroup({ id, ...groupListQuerySchema.parse(await searchParams) }, ctx).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { group, members, editable } = detail;
  const clients = await listGroupClients(group.id, ctx);
  const claims = await getGroupClaims(group.id, ctx);
  const path = `/settings/admin/user-groups/${group.id}`;
  const memberCount = `${detail.memberCount.toLocaleString("en-US")} ${detail.memberCount === 1 ? "member" : "members"}`;

  return (
    <div className="grid gap-6">
      <DetailPageHeader
        title={group.friendlyName || group.name}
        badges={<SourceBadge ldapId={group.ldapId} />}
        description={group.name}
        back={{ href: "/settings/admin/user-groups", label: "All groups" }}
      />

      {detail.managedByLdap && <ManagedByLdapNotice kind="group" />}

      {editable && (
        <SectionCard title="Group details" description="Renaming changes what applications see in the groups claim.">
          <EditGroupForm groupId={group.id} values={{ name: group.name, friendlyName: group.friendlyName }} />
        </SectionCard>
      )}

      <Card>
        <CardHeader actions={<SearchForm action={path} id="members-search" label="Search members" q={members.q} placeholder="Username, name or e-mail" />}>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {members.q ? `${members.total.toLocaleString("en-US")} of ${memberCount} match “${members.q}”.` : `${memberCount}.`}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <GroupMembers
            group={{ id: group.id, name: group.name }}
            members={members.items}
            editable={editable}
            emptyText={members.q ? "No member matches this search." : "No members yet."}
          />
          <Pagination page={members.page} pageCount={members.pageCount} hrefForPage={(page) => listHref(path, { q: members.q, page })} />
        </CardContent>
      </Card>

      <Card aria-label="Applications">
        <CardHeader>
          <CardTitle>Applications</CardTitle>
          <CardDescription>The applications this group&apos;s members may use because of it.</CardDescription>
        </CardHeader>
        <CardContent>
          <GroupApplications clients={clients} />
        </CardContent>
      </Card>

      <SectionCard title="Custom claims" description="Every member receives these with the profile scope, unless their own claims or LDAP's name the same claim (then those win; between groups, the first name in alphabetical order wins).">
        <GroupClaimsEditor groupId={group.id} claims={claims} />
      </SectionCard>

      {editable && (
        <Card>
          <CardHeader className="pb-6" actions={<DeleteGroupButton group={{ id: group.id, name: group.name }} />}>
            <CardTitle>Delete group</CardTitle>
            <CardDescription>Members lose the group; the users stay.</CardDescription>
          </CardHeader>
        </Card>
      )}
    </div>
  );
}
