"use client";

import { useState } from "react";
import { ShieldAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { JobRunSummary } from "@/lib/ldap/run-types";

/** The removal guard stopped the latest sync: say why, and let an administrator force it. */
export function RemovalGuardAlert({ run, onForce }: { run: JobRunSummary; onForce(): Promise<boolean> }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div role="alert" className="flex flex-col gap-3 rounded-md border border-warning/40 bg-warning/10 p-4 text-sm sm:flex-row sm:items-start">
      <ShieldAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
      <div className="grid flex-1 gap-1">
        <p className="font-medium">The last sync stopped without changing anything</p>
        <p className="text-muted-foreground">{run.removalGuard?.message ?? run.error}</p>
        <p className="text-muted-foreground">
          This protects against a wrong base DN or filter removing everyone. If the directory really changed, sync anyway.
        </p>
      </div>
      <Button type="button" variant="outline" onClick={() => setConfirming(true)}>
        Sync anyway
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Sync anyway?"
        description="Users missing from LDAP will be disabled or deleted (as LDAP_SOFT_DELETE_USERS says), even beyond the removal limit."
        confirmLabel="Sync anyway"
        onConfirm={onForce}
      />
    </div>
  );
}
