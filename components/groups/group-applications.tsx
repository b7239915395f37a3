import Link from "next/link";
import type { ClientRef, GroupClients } from "@/lib/oidc/client-list";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";

function ClientLink({ client }: { client: ClientRef }) {
  return (
    <Link href={`/settings/admin/oidc-clients/${client.id}`} className="font-medium underline-offset-4 hover:underline">
      {client.name}
    </Link>
  );
}

/** The applications restricted to groups that include this one, and a note on those open to everyone. */
export function GroupApplications({ clients }: { clients: GroupClients }) {
  const { allowed, openToEveryone } = clients;
  return (
    <div className="grid gap-4">
      <Table>
        <TableColumns columns={["Application"]} />
        <TableBody>
          {allowed.length === 0 && <TableEmpty colSpan={1}>No application is restricted to this group.</TableEmpty>}
          {allowed.map((client) => (
            <TableRow key={client.id}>
              <TableCell>
                <ClientLink client={client} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {openToEveryone.length > 0 && (
        <p className="text-sm text-muted-foreground">
          Open to every user, in this group or not:{" "}
          {openToEveryone.map((client, index) => (
            <span key={client.id}>
              {index > 0 && ", "}
              <ClientLink client={client} />
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}
