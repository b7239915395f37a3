import type { User } from "@/lib/db/schema";

/** The profile as read-only text, for users the directory manages. */
export function UserProfileDetails({ user }: { user: Pick<User, "username" | "email" | "firstName" | "lastName" | "displayName"> }) {
  const rows: [string, string][] = [
    ["Username", user.username],
    ["Email", user.email ?? "—"],
    ["First name", user.firstName || "—"],
    ["Last name", user.lastName || "—"],
    ["Display name", user.displayName || "—"],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2">
      {rows.map(([label, value]) => (
        <div key={label} className="grid gap-1">
          <dt className="text-sm font-medium">{label}</dt>
          <dd className="text-sm break-words text-muted-foreground">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
