"use client";
// /login/code: the typed code of a short-lived login link. Case, spaces and dashes do not matter.
import { useState, type FormEvent } from "react";
import { LogIn } from "lucide-react";
import { signInWithCodeAction } from "@/app/login/code/actions";
import { LOGIN_CODE_LENGTH, loginCodeSchema } from "@/lib/auth/schema";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

export function LoginCodeForm() {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = loginCodeSchema.safeParse(code);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Enter the code");
    setPending(true);
    try {
      // On success the action sets the session cookie and opens the account page.
      const result = await signInWithCodeAction({ code });
      if (result && !result.ok) setError(result.fieldErrors?.code?.[0] ?? result.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="grid gap-4" noValidate onSubmit={submit}>
      {error && <FormAlert>{error}</FormAlert>}
      <FormField id="login-code" label="Code" description={`${LOGIN_CODE_LENGTH} letters and digits, e.g. ABC-DEF. It works once, within 15 minutes.`}>
        <Input
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          className="font-mono text-lg tracking-widest uppercase"
        />
      </FormField>
      <Button type="submit" size="lg" loading={pending}>
        <LogIn aria-hidden="true" />
        Sign in
      </Button>
    </form>
  );
}
