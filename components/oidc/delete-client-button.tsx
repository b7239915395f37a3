"use client";

import { useRouter } from "next/navigation";
import { deleteOidcClientAction } from "@/app/settings/admin/oidc-clients/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { toast } from "@/components/ui/toast";
import { Trash2 } from "lucide-react";

/** "Delete" with confirmation: the application's users are signed out of it at their next refresh. */
export function DeleteClientButton({ client }: { client: { id: string; name: string } }) {
  const router = useRouter();

  async function remove(): Promise<boolean> {
    const result = await deleteOidcClientAction(client.id);
    if (!result.ok) {
      toast.error("Application not deleted", result.message);
      return false;
    }
    toast.success("Application deleted");
    router.refresh();
    return true;
  }

  return (
    <ConfirmButton
      label="Delete"
      icon={Trash2}
      variant="ghost"
      title={`Delete ${client.name}?`}
      description="Its client id stops working and every grant and token issued to it ends. Users are not affected otherwise."
      onConfirm={remove}
    />
  );
}
