import type { Metadata } from "next";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { readSessionToken } from "@/lib/auth/request";
import { getProvider } from "@/lib/oidc/instance";
import { interactionView } from "@/lib/oidc/interaction";
import { SCOPE_TEXT } from "@/lib/oidc/scope-text";
import { AuthNotice, AuthPage } from "@/components/auth/auth-page";
import { FormAlert } from "@/components/ui/form-alert";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { ConsentButtons, ContinueSignIn } from "@/components/oidc/interaction-actions";

export const metadata: Metadata = { title: "Sign in", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** An application's sign-in request: passkey sign-in, then consent on first use (docs/oidc.md). */
export default async function InteractionPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const ctx = await getAppContext();
  const { values } = await getSettings(ctx);
  const view = /^[A-Za-z0-9_-]{1,64}$/.test(uid) ? await interactionView(uid, await readSessionToken(ctx.server.APP_URL), (await getProvider()).provider, ctx) : null;

  if (!view) {
    return (
      <AuthPage appName={values.APP_NAME} title="This sign-in request has expired" description="Nothing was changed.">
        <FormAlert>Go back to the application and start signing in again.</FormAlert>
      </AuthPage>
    );
  }
  if (view.step === "login") {
    return (
      <AuthPage appName={values.APP_NAME} title={`Sign in to ${view.clientName}`} description="Use the passkey saved on this device, your phone or your security key.">
        <PasskeySignIn rpID={new URL(ctx.server.APP_URL).hostname} continueTo={`/interaction/${uid}`} />
      </AuthPage>
    );
  }
  const username = view.user!.username;
  if (view.step === "continue") {
    return (
      <AuthPage appName={values.APP_NAME} title={`Sign in to ${view.clientName}`} description={`Signed in as ${username}.`}>
        <ContinueSignIn uid={uid} username={username} />
      </AuthPage>
    );
  }
  if (view.step === "not-allowed") {
    return (
      <AuthNotice
        appName={values.APP_NAME}
        title={`You are not allowed to use ${view.clientName}`}
        description={`Signed in as ${username}.`}
        link={{ href: "/settings/account", label: "Go to your account" }}
      >
        <p>Access to this application is limited to certain groups. Ask an administrator if you need it.</p>
      </AuthNotice>
    );
  }
  return (
    <AuthPage appName={values.APP_NAME} title={`${view.clientName} wants to access your account`} description={`Signed in as ${username}.`}>
      <div className="grid gap-4 text-sm">
        <p>If you allow it, {view.clientName} can see:</p>
        <ul className="list-disc pl-5" aria-label="Requested access">
          {view.scopes.map((scope) => (
            <li key={scope}>{SCOPE_TEXT[scope] ?? scope}</li>
          ))}
        </ul>
        <ConsentButtons uid={uid} />
      </div>
    </AuthPage>
  );
}
