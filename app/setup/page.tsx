import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { isSetupPending } from "@/lib/auth/setup";
import { AuthPage } from "@/components/auth/auth-page";
import { SetupForm } from "@/components/auth/setup-form";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  const ctx = await getAppContext();
  // Setup exists only until the first account does.
  if (!(await isSetupPending(ctx))) redirect("/login");
  const { values } = await getSettings(ctx);
  return (
    <AuthPage
      appName={values.APP_NAME}
      title="Create the first administrator"
      description="This account manages users, groups and the LDAP connection. It signs in with a passkey, never a password."
      wide
    >
      <SetupForm />
    </AuthPage>
  );
}
