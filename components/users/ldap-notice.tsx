import { Info } from "lucide-react";

/** Tells the admin why an LDAP-managed user or group has no edit controls. */
export function ManagedByLdapNotice({ kind }: { kind: "user" | "group" }) {
  return (
    <div role="note" aria-label="Managed by LDAP" className="flex items-start gap-3 rounded-xl border border-info/30 bg-info/10 px-4 py-3 text-sm">
      <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-info" />
      <div className="grid gap-1">
        <p className="font-medium">Managed by LDAP</p>
        <p className="text-muted-foreground">
          {kind === "user"
            ? "This user is synced from your LDAP directory. Their profile, status, administrator rights and LDAP group memberships change in the directory; they are read-only here. Login links, passkeys, custom claims and local group memberships stay available."
            : "This group is synced from your LDAP directory. Its name and members change in the directory; they are read-only here. Its custom claims are set here."}
        </p>
      </div>
    </div>
  );
}
