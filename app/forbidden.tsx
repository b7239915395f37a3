import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { buttonClassName } from "@/components/ui/button-styles";

/** Rendered with status 403 when a signed-in user opens a page they may not see (forbidden()). */
export default function Forbidden() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 py-10 text-center">
      <ShieldAlert aria-hidden="true" className="size-10 text-muted-foreground" />
      <h1 className="text-2xl font-semibold tracking-tight">403 – Access denied</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        You don&apos;t have access to this page: it is for administrators only.
      </p>
      <Link href="/settings/account" className={buttonClassName({ variant: "outline" })}>
        Go to my account
      </Link>
    </main>
  );
}
