"use client";

import { deleteGroupAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { ConfirmDeleteButton } from "@/components/ui/confirm-button";

/** "Delete" with confirmation; the members stay, only their membership goes. */
export function DeleteGroupButton({ group }: { group: { id: string; name: string } }) {
  const run = useActionRunner();
  return (
    <ConfirmDeleteButton
      title={`Delete group ${group.name}?`}
      description="Its members lose this group (and what applications grant through it). The users themselves stay."
      onConfirm={() => run(() => deleteGroupAction(group.id), { failure: "Group not deleted", success: "Group deleted", then: "/settings/admin/user-groups" })}
    />
  );
}
