import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { isSelfServiceEnabled } from "@/lib/mail/self-service";
import { AuthPage } from "@/components/auth/auth-page";
import { EmailSignInLinkForm } from "@/components/auth/email-sign-in-link-form";

export const metadata: Metadata = { title: "E-mail me a sign-in link" };
export const dynamic = "force-dynamic";

export default async function EmailSignInLinkPage() {
  const ctx = await getAppContext();
  if (!(await isSelfServiceEnabled(ctx))) notFound();
  const { values } = await getSettings(ctx);
  return (
    <AuthPage appName={values.APP_NAME} title="E-mail me a sign-in link" description="Enter the e-mail address of your account: we send it a link to sign in and add a passkey.">
      <EmailSignInLinkForm />
    </AuthPage>
  );
}
