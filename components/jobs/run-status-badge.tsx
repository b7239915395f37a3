import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import type { JobRunSummary } from "@/lib/ldap/run-types";

export function RunStatusBadge({ run }: { run: Pick<JobRunSummary, "status" | "removalGuard"> }) {
  if (run.status === "running") {
    return (
      <Badge variant="secondary">
        <Spinner className="size-3" /> Running
      </Badge>
    );
  }
  if (run.status === "succeeded") return <Badge variant="success">Succeeded</Badge>;
  return <Badge variant="danger">{run.removalGuard ? "Stopped by guard" : "Failed"}</Badge>;
}
