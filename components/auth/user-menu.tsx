import { LogOut, UserRound } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/** The signed-in user's name and "Sign out" (a plain form POST: works before JavaScript loads). */
export function UserMenu({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  return (
    <>
      <span className="flex min-w-0 items-center gap-2">
        <UserRound aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        <span className="truncate font-medium" data-testid="signed-in-user">
          {name}
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
