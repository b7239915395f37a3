"use client";

import { LoginLinkLifetimeSelect } from "@/components/auth/login-link-lifetime-select";
import { useState } from "react";
import { Link2, Mail } from "lucide-react";
import { createLoginLinkAction, emailLoginLinkAction } from "@/app/settings/admin/users/[id]/actions";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "./local-time";
import { LinkQrCode } from "./link-qr-code";

interface CreatedLink {
  url: string;
  expiresAt: string;
  /** The typed code of a short-lived link ("ABC-DEF"). */
  code: string | null;
}

/**
 * "Create login link" and "Send login link by e-mail" on a user's admin page: a single-use sign-in
 * link (e.g. to enrol a first passkey), shown once with a copy button and a QR code for a phone, or
 * e-mailed to the user. The server actions re-check that the caller is an admin.
 */
export function CreateLoginLink({ userId, email, emailConfigured, disabled }: { userId: string; email: string | null; emailConfigured: boolean; disabled: boolean }) {
  const [ttlMinutes, setTtlMinutes] = useState("60");
  const [link, setLink] = useState<CreatedLink | null>(null);
  const [pending, setPending] = useState<"create" | "email" | null>(null);

  async function create() {
    setPending("create");
    try {
      const result = await createLoginLinkAction({ userId, ttlMinutes: Number(ttlMinutes) });
      if (!result.ok) return void toast.error("Login link not created", result.message);
      setLink(result.data);
      toast.success("Login link created", "Send it to the user; it works once.");
    } finally {
      setPending(null);
    }
  }

  async function sendByEmail() {
    setPending("email");
    try {
      const result = await emailLoginLinkAction({ userId, ttlMinutes: Number(ttlMinutes) });
      if (!result.ok) return void toast.error("Login link not sent", result.message);
      // A link shown earlier no longer works: the e-mailed one replaced it.
      setLink(null);
      toast.success("Login link sent", `E-mailed to ${result.data.sentTo}.`);
    } finally {
      setPending(null);
    }
  }

  const emailHint = !emailConfigured
    ? "Set up e-mail on the application configuration page to send links by e-mail."
    : !email
      ? "This user has no e-mail address."
      : null;

  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
        <FormField id={`login-link-lifetime-${userId}`} label="Link valid for" className="sm:w-48">
          <LoginLinkLifetimeSelect value={ttlMinutes} onMinutesChange={setTtlMinutes} />
        </FormField>
        <Button type="button" loading={pending === "create"} disabled={pending !== null} onClick={create}>
          <Link2 aria-hidden="true" />
          Create login link
        </Button>
        {emailConfigured && email && (
          <Button type="button" variant="outline" loading={pending === "email"} disabled={pending !== null || disabled} onClick={sendByEmail}>
            <Mail aria-hidden="true" />
            Send login link by e-mail
          </Button>
        )}
      </div>
      {emailHint && <p className="text-xs text-muted-foreground">{emailHint}</p>}
      {link && (
        <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
          <div className="grid content-start gap-2">
            <div className="flex items-end gap-2">
              <FormField id={`login-link-${userId}`} label="Login link" className="flex-1">
                <Input readOnly value={link.url} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
              </FormField>
              <CopyButton value={link.url} label="Copy link" />
            </div>
            {link.code && (
              <p className="text-sm">
                Or type the code <strong data-testid="login-code" className="font-mono text-base tracking-widest">{link.code}</strong> at{" "}
                <span className="font-mono text-xs">/login/code</span>.
              </p>
            )}
            <p className="text-xs text-muted-foreground">
              Works once, until <LocalTime iso={link.expiresAt} />. Anyone with the link{link.code ? " or the code" : ""} can sign in as this user.
            </p>
          </div>
          <LinkQrCode url={link.url} />
        </div>
      )}
    </div>
  );
}
