// TEMPORARY visual check of the UI primitives; deleted before hand-off.
import { SettingsShell } from "@/components/settings-shell";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Spinner } from "@/components/ui/spinner";
import { CopyButton } from "@/components/ui/copy-button";
import { Demo } from "./demo";

const users = [
  { name: "Alice Martin", username: "alice", email: "alice@example.com", ldap: true, admin: true, disabled: false },
  { name: "Bob Stone", username: "bob", email: "bob@example.com", ldap: true, admin: false, disabled: true },
  { name: "Carol Diaz", username: "carol", email: null, ldap: false, admin: false, disabled: false },
];

export default function UiPreview() {
  return (
    <SettingsShell
      appName="Pocket ID"
      isAdmin
      userMenu={
        <>
          <span className="truncate text-muted-foreground">Alice Martin</span>
          <form>
            <Button type="submit" variant="ghost" size="sm">Sign out</Button>
          </form>
        </>
      }
    >
      <PageHeader
        title="Users"
        description="Manage the users who can sign in; LDAP users are synced and read-only."
        actions={<Button>Add user</Button>}
      />
      <div className="grid gap-6">
        <Demo />
        <Card>
          <CardHeader actions={<Button variant="outline" size="sm">Sync now</Button>}>
            <CardTitle>Users</CardTitle>
            <CardDescription>Everyone who can sign in with a passkey.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Username</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Source</TableHead>
                  <TableHead>Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {users.map((u) => (
                  <TableRow key={u.username}>
                    <TableCell className="font-medium">{u.name}</TableCell>
                    <TableCell>{u.username}</TableCell>
                    <TableCell className="text-muted-foreground">{u.email ?? "—"}</TableCell>
                    <TableCell className="space-x-1">
                      {u.ldap ? <Badge variant="ldap">LDAP</Badge> : <Badge variant="local">Local</Badge>}
                      {u.admin && <Badge variant="admin">Admin</Badge>}
                    </TableCell>
                    <TableCell>
                      {u.disabled ? <Badge variant="danger">Disabled</Badge> : <Badge variant="success">Active</Badge>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pagination page={1} pageCount={3} hrefForPage={(p) => `?page=${p}`} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Buttons and badges</CardTitle>
            <CardDescription>All variants.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap items-center gap-2">
            <Button>Save</Button>
            <Button variant="secondary">Test connection</Button>
            <Button variant="destructive">Delete</Button>
            <Button variant="outline">Create login link</Button>
            <Button variant="ghost">Cancel</Button>
            <Button loading>Saving</Button>
            <Button size="sm">Small</Button>
            <Button size="lg">Large</Button>
            <CopyButton value="https://id.example.com/lc/abc" label="Copy link" />
            <CopyButton value="x" label="Copy token" iconOnly />
            <Spinner label="Loading" />
            <Badge>Default</Badge>
            <Badge variant="secondary">Secondary</Badge>
            <Badge variant="outline">Outline</Badge>
            <Badge variant="muted">Muted</Badge>
          </CardContent>
        </Card>
      </div>
    </SettingsShell>
  );
}
