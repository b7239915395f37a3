"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ClientSecret } from "./client-secret";

/** The new secret after a regeneration (or a switch to confidential), shown once; closing forgets it. */
export function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Dialog open={secret !== null} onOpenChange={(open) => !open && onClose()}>
      {secret !== null && (
        <DialogContent title="New client secret" description="The previous secret no longer works.">
          <ClientSecret id="new-client-secret" secret={secret} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button">Done</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
