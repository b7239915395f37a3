"use client";
// The claim editor bound to its owner's server action: a user's page and a group's page.
import { setGroupClaimsAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { setUserClaimsAction } from "@/app/settings/admin/users/[id]/actions";
import type { ClaimInput } from "@/lib/claims/schema";
import { ClaimsEditor } from "./claims-editor";

export function UserClaimsEditor({ userId, claims }: { userId: string; claims: ClaimInput[] }) {
  return <ClaimsEditor idPrefix="user" claims={claims} save={(next) => setUserClaimsAction({ userId, claims: next })} />;
}

export function GroupClaimsEditor({ groupId, claims }: { groupId: string; claims: ClaimInput[] }) {
  return <ClaimsEditor idPrefix="group" claims={claims} save={(next) => setGroupClaimsAction({ groupId, claims: next })} />;
}
