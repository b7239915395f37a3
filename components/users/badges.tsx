import { Badge } from "@/components/ui/badge";

/** Where an entity comes from: "LDAP" (synced, read-only while LDAP is enabled) or "Local". */
export function SourceBadge({ ldapId }: { ldapId: string | null }) {
  return ldapId ? <Badge variant="ldap">LDAP</Badge> : <Badge variant="local">Local</Badge>;
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? <Badge variant="muted">Disabled</Badge> : <Badge variant="success">Active</Badge>;
}

export function AdminBadge() {
  return <Badge variant="admin">Admin</Badge>;
}
