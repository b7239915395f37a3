import type { SignInView } from "@/lib/audit/list";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import { EventCell, OutcomeCell, WhenCell } from "./audit-cells";

/** The account page's list of the user's own recent sign-ins. */
export function SignInHistory({ signIns }: { signIns: SignInView[] }) {
  return (
    <Table aria-label="Recent sign-ins">
      <TableColumns columns={["When (UTC)", "How", "From", "Browser", "Outcome"]} />
      <TableBody>
        {signIns.length === 0 && <TableEmpty colSpan={5}>No sign-ins recorded yet.</TableEmpty>}
        {signIns.map((signIn) => (
          <TableRow key={`${signIn.at.toISOString()}-${signIn.event}`}>
            <WhenCell at={signIn.at} />
            <EventCell event={signIn.event} />
            <TableCell>{signIn.clientAddress ?? "Unknown"}</TableCell>
            <TableCell className="max-w-72 truncate" title={signIn.userAgent ?? undefined}>
              {signIn.userAgent ?? "Unknown"}
            </TableCell>
            <OutcomeCell outcome={signIn.outcome} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
