"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Pencil, Trash2 } from "lucide-react";
import { deletePasskeyAction, renamePasskeyAction } from "@/app/settings/account/actions";
import { passkeyNameSchema } from "@/lib/auth/schema";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActionButton } from "@/components/ui/row-action-button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionRunner } from "@/components/forms/use-action-runner";
import type { PasskeyRow } from "./passkey-rows";
import { PasskeyTable } from "./passkey-table";

const renameFormSchema = z.object({ name: passkeyNameSchema });
type RenameForm = z.input<typeof renameFormSchema>;

function RenameDialog({ passkey, onClose }: { passkey: PasskeyRow; onClose: () => void }) {
  const form = useForm<RenameForm>({ resolver: zodResolver(renameFormSchema), defaultValues: { name: passkey.name } });
  const { errors, isSubmitting } = form.formState;

  async function save({ name }: RenameForm) {
    const result = await renamePasskeyAction({ passkeyId: passkey.id, name });
    if (!result.ok) {
      form.setError("name", { type: "server", message: result.fieldErrors?.name?.[0] ?? result.message });
      return;
    }
    toast.success("Passkey renamed");
    onClose();
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title="Rename passkey" description="A name that tells you where this passkey lives, e.g. “Work laptop”.">
        <form noValidate onSubmit={form.handleSubmit(save)} className="grid gap-4">
          <FormField id="passkey-name" label="Name" error={errors.name?.message}>
            <Input autoFocus {...form.register("name")} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The user's passkeys with rename and delete; deleting the only one is refused by the server. */
export function PasskeyList({ passkeys }: { passkeys: PasskeyRow[] }) {
  const [renaming, setRenaming] = useState<PasskeyRow | null>(null);
  const [deleting, setDeleting] = useState<PasskeyRow | null>(null);

  const run = useActionRunner();
  // The dialog closes either way: the refusal (e.g. the only passkey) is the toast's to explain.
  const remove = async (passkey: PasskeyRow) => {
    await run(() => deletePasskeyAction({ passkeyId: passkey.id }), { failure: "Passkey not deleted", success: "Passkey deleted" });
  };

  return (
    <>
      <PasskeyTable
        passkeys={passkeys}
        empty="No passkey yet."
        actions={(passkey) => (
          <>
            <RowActionButton label="Rename" target={passkey.name} icon={Pencil} onClick={() => setRenaming(passkey)} />
            <RowActionButton label="Delete" target={passkey.name} icon={Trash2} onClick={() => setDeleting(passkey)} />
          </>
        )}
      />
      {renaming && <RenameDialog key={renaming.id} passkey={renaming} onClose={() => setRenaming(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete passkey “${deleting?.name ?? ""}”?`}
        description="It will no longer sign you in. Your other passkeys keep working."
        confirmLabel="Delete"
        onConfirm={() => (deleting ? remove(deleting) : undefined)}
      />
    </>
  );
}
