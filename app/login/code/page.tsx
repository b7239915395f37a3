import type { Metadata } from "next";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { AuthPage } from "@/components/auth/auth-page";
import { LoginCodeForm } from "@/components/auth/login-code-form";

export const metadata: Metadata = { title: "Sign in with a code" };
export const dynamic = "force-dynamic";

export default async function LoginCodePage() {
  const { values } = await getSettings(await getAppContext());
  return (
    <AuthPage appName={values.APP_NAME} title="Sign in with a code" description="Type the 6-character code from your sign-in e-mail or from your administrator.">
      <LoginCodeForm />
    </AuthPage>
  );
}
