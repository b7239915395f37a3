import type { Metadata } from "next";
import { getAppContext } from "@/lib/runtime";
import { getSettings } from "@/lib/config";
import { INVALID_LINK_MESSAGE, previewOneTimeAccessToken, type LoginLinkPreview } from "@/lib/auth/one-time-access";
import { oneTimeTokenSchema } from "@/lib/auth/schema";
import { DISABLED_ACCOUNT_MESSAGE } from "@/lib/auth/sign-in";
import { loginLinkLimiter } from "@/lib/auth/rate-limit";
import { clientIp, readLoginLinkToken } from "@/lib/auth/request";
import { RateLimitedError } from "@/lib/errors";
import type { AppContext } from "@/lib/context";
import { AuthNotice, AuthPage } from "@/components/auth/auth-page";
import { FormAlert } from "@/components/ui/form-alert";
import { LoginLinkContinue } from "@/components/auth/login-link-continue";

export const metadata: Metadata = { title: "Login link", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Looks the opened link up without using it; unknown tokens count against the caller's attempt limit. */
async function preview(ctx: AppContext): Promise<LoginLinkPreview | "rate-limited"> {
  let forgetAttempt;
  try {
    forgetAttempt = loginLinkLimiter().attempt(await clientIp(ctx.server));
  } catch (error) {
    if (error instanceof RateLimitedError) return "rate-limited";
    throw error;
  }
  const token = oneTimeTokenSchema.safeParse(await readLoginLinkToken(ctx.server.APP_URL));
  if (!token.success) return { status: "invalid" };
  const result = await previewOneTimeAccessToken(token.data, ctx);
  if (result.status === "valid") forgetAttempt();
  return result;
}

/** Where /lc/<token> leads: "Sign in as …?" with Continue, or why the link cannot be used. */
export default async function LoginLinkPage() {
  const ctx = await getAppContext();
  const { values } = await getSettings(ctx);
  const result = await preview(ctx);

  if (result === "rate-limited" || result.status !== "valid") {
    const message =
      result === "rate-limited" ? new RateLimitedError().message : result.status === "disabled" ? DISABLED_ACCOUNT_MESSAGE : INVALID_LINK_MESSAGE;
    return (
      <AuthNotice appName={values.APP_NAME} title="This login link cannot be used" description="Nothing was changed." link={{ href: "/login", label: "Go to sign in" }}>
        <FormAlert>{message}</FormAlert>
      </AuthNotice>
    );
  }

  return (
    <AuthPage
      appName={values.APP_NAME}
      title={`Sign in as ${result.displayName}?`}
      description={
        <>
          This link signs you in once as <strong>{result.displayName}</strong> ({result.username}). Afterwards, add a
          passkey so you can sign in without a link.
        </>
      }
    >
      <LoginLinkContinue />
    </AuthPage>
  );
}
