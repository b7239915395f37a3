import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import type { OidcClientSummary } from "@/lib/oidc/client-list";
import { describeAllowedGroups } from "@/lib/oidc/describe";
import { DeleteClientButton } from "./delete-client-button";

export function ClientTypeBadge({ isPublic }: { isPublic: boolean }) {
  return <Badge variant={isPublic ? "muted" : "outline"}>{isPublic ? "Public" : "Confidential"}</Badge>;
}

/** The OIDC clients: what an administrator checks when connecting or auditing an application. */
export function ClientsTable({ clients }: { clients: OidcClientSummary[] }) {
  return (
    <Table>
      <TableColumns columns={["Name", "Client ID", "Type", "Allowed groups", "Callback URLs"]} actions />
      <TableBody>
        {clients.length === 0 && <TableEmpty colSpan={6}>No applications yet.</TableEmpty>}
        {clients.map((client) => (
          <TableRow key={client.id}>
            <TableCell>
              <Link href={`/settings/admin/oidc-clients/${client.id}`} className="font-medium underline-offset-4 hover:underline">
                {client.name}
              </Link>
            </TableCell>
            <TableCell>
              <span className="flex items-center gap-1">
                <span className="font-mono text-xs">{client.id}</span>
                <CopyButton value={client.id} label={`Copy client ID of ${client.name}`} iconOnly variant="ghost" size="icon" />
              </span>
            </TableCell>
            <TableCell>
              <ClientTypeBadge isPublic={client.isPublic} />
            </TableCell>
            <TableCell className={client.allowedGroups.length ? undefined : "text-muted-foreground"}>{describeAllowedGroups(client)}</TableCell>
            <TableCell className="max-w-xs text-xs break-all">{client.redirectUris.join(" ")}</TableCell>
            <TableCell className="text-right">
              <DeleteClientButton client={client} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
