"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** A client secret, shown once (after creation or regeneration): it is stored only as its hash. */
export function ClientSecret({ id, secret }: { id: string; secret: string }) {
  return (
    <div className="grid gap-2">
      <div className="flex items-end gap-2">
        <FormField id={id} label="Client secret" className="flex-1">
          <Input readOnly value={secret} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
        </FormField>
        <CopyButton value={secret} label="Copy client secret" />
      </div>
      <p className="text-xs font-medium text-warning">Shown only now: store it in the application&apos;s configuration. It cannot be shown again.</p>
    </div>
  );
}
