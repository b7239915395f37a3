import { LogOut } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { UserAvatar, type AvatarUser } from "@/components/users/user-avatar";

/** The signed-in user's picture and name, and "Sign out" (a plain form POST: works before JavaScript loads). */
export function UserMenu({ user, isAdmin }: { user: AvatarUser; isAdmin: boolean }) {
  return (
    <>
      <span className="flex min-w-0 items-center gap-2">
        <UserAvatar user={user} size="sm" />
        <span className="truncate font-medium" data-testid="signed-in-user">
          {user.displayName || user.username}
        </span>
        {isAdmin && <Badge variant="admin">Admin</Badge>}
      </span>
      <form action="/api/auth/sign-out" method="post">
        <Button type="submit" variant="outline" size="sm">
          <LogOut aria-hidden="true" />
          Sign out
        </Button>
      </form>
    </>
  );
}
