import { auditEventLabel } from "@/lib/audit/events";
import type { SignInView } from "@/lib/audit/list";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** The account page's list of the user's own recent sign-ins. */
export function SignInHistory({ signIns }: { signIns: SignInView[] }) {
  return (
    <Table aria-label="Recent sign-ins">
      <TableHeader>
        <TableRow>
          <TableHead>When (UTC)</TableHead>
          <TableHead>How</TableHead>
          <TableHead>From</TableHead>
          <TableHead>Browser</TableHead>
          <TableHead>Outcome</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {signIns.length === 0 && <TableEmpty colSpan={5}>No sign-ins recorded yet.</TableEmpty>}
        {signIns.map((signIn) => (
          <TableRow key={`${signIn.at.toISOString()}-${signIn.event}`}>
            <TableCell className="whitespace-nowrap">{signIn.at.toISOString().replace("T", " ").slice(0, 19)}</TableCell>
            <TableCell>{auditEventLabel(signIn.event)}</TableCell>
            <TableCell>{signIn.clientAddress ?? "Unknown"}</TableCell>
            <TableCell className="max-w-72 truncate" title={signIn.userAgent ?? undefined}>
              {signIn.userAgent ?? "Unknown"}
            </TableCell>
            <TableCell>
              <Badge variant={signIn.outcome === "success" ? "success" : "danger"}>{signIn.outcome === "success" ? "Success" : "Failure"}</Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
