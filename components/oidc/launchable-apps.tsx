import { ExternalLink } from "lucide-react";
import type { LaunchableApp } from "@/lib/oidc/my-apps";
import { buttonClassName } from "@/components/ui/button-styles";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";

/** The applications the user may open (a launch URL, and allowed by the client's groups). */
export function LaunchableApps({ apps }: { apps: LaunchableApp[] }) {
  return (
    <Table>
      <TableColumns columns={["Application"]} actions />
      <TableBody>
        {apps.length === 0 && <TableEmpty colSpan={2}>No application to launch yet.</TableEmpty>}
        {apps.map((app) => (
          <TableRow key={app.clientId}>
            <TableCell className="font-medium">{app.name}</TableCell>
            <TableCell className="text-right">
              <a href={app.launchUrl} aria-label={`Launch ${app.name}`} className={buttonClassName({ variant: "outline", size: "sm" })}>
                <ExternalLink aria-hidden="true" />
                Launch
              </a>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
