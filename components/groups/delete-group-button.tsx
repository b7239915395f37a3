"use client";

import { useRouter } from "next/navigation";
import { deleteGroupAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { ConfirmDeleteButton } from "@/components/ui/confirm-button";
import { toast } from "@/components/ui/toast";

/** "Delete" with confirmation; the members stay, only their membership goes. */
export function DeleteGroupButton({ group }: { group: { id: string; name: string } }) {
  const router = useRouter();

  async function remove(): Promise<boolean> {
    const result = await deleteGroupAction(group.id);
    if (!result.ok) {
      toast.error("Group not deleted", result.message);
      return false;
    }
    toast.success("Group deleted");
    router.push("/settings/admin/user-groups");
    return true;
  }

  return (
    <ConfirmDeleteButton
      title={`Delete group ${group.name}?`}
      description="Its members lose this group (and what applications grant through it). The users themselves stay."
      onConfirm={remove}
    />
  );
}
