"use client";

import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import { LocalTime } from "./local-time";
import type { PasskeyRow } from "./passkey-rows";

/** Passkeys with when they were added and last used; `actions` renders each row's buttons. */
export function PasskeyTable({ passkeys, empty, actions }: { passkeys: PasskeyRow[]; empty: string; actions: (passkey: PasskeyRow) => ReactNode }) {
  return (
    <Table>
      <TableColumns columns={["Name", "Added", "Last used"]} actions />
      <TableBody>
        {passkeys.length === 0 && <TableEmpty colSpan={4}>{empty}</TableEmpty>}
        {passkeys.map((passkey) => (
          <TableRow key={passkey.id}>
            <TableCell className="font-medium">
              <span className="flex items-center gap-2">
                {passkey.name}
                {passkey.backedUp && <Badge variant="muted">Synced</Badge>}
              </span>
            </TableCell>
            <TableCell className="text-muted-foreground">
              <LocalTime iso={passkey.createdAt} />
            </TableCell>
            <TableCell className="text-muted-foreground">{passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt} /> : "Never"}</TableCell>
            <TableCell>
              <div className="flex justify-end gap-1">{actions(passkey)}</div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
