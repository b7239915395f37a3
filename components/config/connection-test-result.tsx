// The report of "Test connection": each step in plain words, the counts and sample users mapped
// through the attribute configuration.
import { CircleAlert, CircleCheck, CircleX } from "lucide-react";
import type { ConnectionTestReport, ConnectionTestStatus, EntryCount } from "@/lib/config/connection-test";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils/cn";

const STATUS = {
  ok: { icon: CircleCheck, className: "text-success", label: "OK" },
  warning: { icon: CircleAlert, className: "text-warning", label: "Warning" },
  error: { icon: CircleX, className: "text-destructive", label: "Failed" },
} satisfies Record<ConnectionTestStatus, { icon: typeof CircleCheck; className: string; label: string }>;

function countText(count: EntryCount | null): string {
  if (!count) return "not searched";
  return count.capped ? `more than ${count.count.toLocaleString("en")}` : count.count.toLocaleString("en");
}

export function ConnectionTestResult({ report }: { report: ConnectionTestReport }) {
  return (
    <section aria-labelledby="connection-test-title" className="grid gap-4 rounded-lg border bg-muted/30 p-4" data-testid="connection-test-result">
      <h3 id="connection-test-title" className="text-sm font-semibold">
        {report.ok ? "Connection test succeeded" : "Connection test failed"}
      </h3>
      <ul className="grid gap-2 text-sm">
        {report.steps.map((step) => {
          const { icon: Icon, className, label } = STATUS[step.status];
          return (
            <li key={step.id} className="flex items-start gap-2">
              <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", className)} />
              <span>
                <span className="font-medium">{step.label}</span>
                <span className="sr-only"> ({label})</span>: {step.message}
              </span>
            </li>
          );
        })}
      </ul>
      {(report.users || report.groups) && (
        <p className="text-sm text-muted-foreground">
          Users: <span className="font-medium text-foreground">{countText(report.users)}</span> · Groups:{" "}
          <span className="font-medium text-foreground">{countText(report.groups)}</span>
        </p>
      )}
      {report.sampleUsers.length > 0 && (
        <div className="grid gap-2">
          <h4 className="text-sm font-medium">Sample users, as a sync would save them</h4>
          <Table aria-label="Sample users">
            <TableHeader>
              <TableRow>
                <TableHead>Username</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Unique ID</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.sampleUsers.map((user) => (
                <TableRow key={user.dn} title={user.dn}>
                  <TableCell className="font-medium">{user.username ?? <Missing />}</TableCell>
                  <TableCell>{user.email ?? <span className="text-muted-foreground">none</span>}</TableCell>
                  <TableCell>
                    {user.skipReason ? <span className="text-destructive">Skipped: {user.skipReason}</span> : user.displayName}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{user.uniqueId ?? <Missing />}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function Missing() {
  return <span className="text-destructive">missing</span>;
}
