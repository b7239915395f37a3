import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { getSessionUser } from "@/lib/auth/guards";
import { isSetupPending } from "@/lib/auth/setup";
import { AuthPage } from "@/components/auth/auth-page";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  const ctx = await getAppContext();
  if (await getSessionUser()) redirect("/settings/account");
  if (await isSetupPending(ctx)) redirect("/setup");
  const { values } = await getSettings(ctx);
  return (
    <AuthPage
      appName={values.APP_NAME}
      title="Sign in"
      description="Use the passkey saved on this device, your phone or your security key."
    >
      <div className="grid gap-4">
        <PasskeySignIn rpID={new URL(ctx.server.APP_URL).hostname} />
        <p className="text-sm text-muted-foreground">
          No passkey yet, or lost it? Ask an administrator for a login link.{" "}
          <Link href="/login/code" className="font-medium text-foreground underline underline-offset-4">
            Have a code?
          </Link>
        </p>
      </div>
    </AuthPage>
  );
}
