import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import type { OidcClientSummary } from "@/lib/oidc/clients";
import { DeleteClientButton } from "./delete-client-button";

/** The OIDC clients: what an administrator checks when connecting or auditing an application. */
export function ClientsTable({ clients }: { clients: OidcClientSummary[] }) {
  return (
    <Table>
      <TableColumns columns={["Name", "Client ID", "Type", "Allowed groups", "Callback URLs"]} actions />
      <TableBody>
        {clients.length === 0 && <TableEmpty colSpan={6}>No applications yet.</TableEmpty>}
        {clients.map((client) => (
          <TableRow key={client.id}>
            <TableCell className="font-medium">{client.name}</TableCell>
            <TableCell>
              <span className="flex items-center gap-1">
                <span className="font-mono text-xs">{client.id}</span>
                <CopyButton value={client.id} label={`Copy client ID of ${client.name}`} iconOnly variant="ghost" size="icon" />
              </span>
            </TableCell>
            <TableCell>
              <Badge variant={client.isPublic ? "muted" : "outline"}>{client.isPublic ? "Public" : "Confidential"}</Badge>
            </TableCell>
            <TableCell>{client.allowedGroups.length ? client.allowedGroups.join(", ") : <span className="text-muted-foreground">Everyone</span>}</TableCell>
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
