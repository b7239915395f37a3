"use client";

import { useState } from "react";
import { Link2 } from "lucide-react";
import { createLoginLinkAction } from "@/app/settings/admin/users/[id]/actions";
import { LOGIN_LINK_LIFETIMES } from "@/lib/auth/schema";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "./local-time";

/**
 * "Create login link" for a user's admin page: a single-use sign-in link (e.g. to enrol a first
 * passkey), shown once with a copy button. The server action re-checks that the caller is an admin.
 */
export function CreateLoginLink({ userId }: { userId: string }) {
  const [ttlMinutes, setTtlMinutes] = useState("60");
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function create() {
    setPending(true);
    try {
      const result = await createLoginLinkAction({ userId, ttlMinutes: Number(ttlMinutes) });
      if (!result.ok) return void toast.error("Login link not created", result.message);
      setLink(result.data);
      toast.success("Login link created", "Send it to the user; it works once.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <FormField id={`login-link-lifetime-${userId}`} label="Link valid for" className="sm:w-48">
          <Select value={ttlMinutes} onChange={(event) => setTtlMinutes(event.target.value)}>
            {LOGIN_LINK_LIFETIMES.map((lifetime) => (
              <option key={lifetime.minutes} value={lifetime.minutes}>
                {lifetime.label}
              </option>
            ))}
          </Select>
        </FormField>
        <Button type="button" loading={pending} onClick={create}>
          <Link2 aria-hidden="true" />
          Create login link
        </Button>
      </div>
      {link && (
        <div className="grid gap-2">
          <div className="flex items-end gap-2">
            <FormField id={`login-link-${userId}`} label="Login link" className="flex-1">
              <Input readOnly value={link.url} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
            </FormField>
            <CopyButton value={link.url} label="Copy link" />
          </div>
          <p className="text-xs text-muted-foreground">
            Works once, until <LocalTime iso={link.expiresAt} />. Anyone with the link can sign in as this user.
          </p>
        </div>
      )}
    </div>
  );
}
