"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { deleteGroupAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";

/** "Delete" with confirmation; the members stay, only their membership goes. */
export function DeleteGroupButton({ group }: { group: { id: string; name: string } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);

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
    <>
      <Button variant="destructive" onClick={() => setOpen(true)}>
        <Trash2 aria-hidden="true" />
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete group ${group.name}?`}
        description="Its members lose this group (and what applications grant through it). The users themselves stay."
        confirmLabel="Delete"
        onConfirm={remove}
      />
    </>
  );
}
