import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { getSessionUser } from "@/lib/auth/guards";
import { isSetupPending } from "@/lib/auth/setup";
import { AuthPage } from "@/components/auth/auth-page";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { buttonClassName } from "@/components/ui/button-styles";
import { isSelfServiceEnabled } from "@/lib/mail/self-service";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  const ctx = await getAppContext();
  if (await getSessionUser()) redirect("/settings/account");
  if (await isSetupPending(ctx)) redirect("/setup");
  const { values } = await getSettings(ctx);
  const selfService = await isSelfServiceEnabled(ctx);
  return (
    <AuthPage
      appName={values.APP_NAME}
      title="Sign in"
      description="Use the passkey saved on this device, your phone or your security key."
    >
      <div className="grid gap-4">
        <PasskeySignIn rpID={new URL(ctx.server.APP_URL).hostname} />
        {selfService && (
          <Link href="/login/email" className={buttonClassName({ variant: "outline" })}>
            E-mail me a sign-in link
          </Link>
        )}
        <p className="text-sm text-muted-foreground">
          No passkey yet, or lost it? {selfService ? "E-mail yourself a sign-in link, or ask" : "Ask"} an administrator for a login link.{" "}
          <Link href="/login/code" className="font-medium text-foreground underline underline-offset-4">
            Have a code?
          </Link>
        </p>
      </div>
    </AuthPage>
  );
}
