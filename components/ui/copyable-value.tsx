import { CopyButton } from "./copy-button";

/** "Client ID" → "client ID", but "JWKS URL" stays: the copy button's name reads as a phrase. */
const inSentence = (label: string) => (/^[A-Z][A-Z]/.test(label) ? label : `${label.charAt(0).toLowerCase()}${label.slice(1)}`);

/** A labelled value with a copy button, inside a <dl>: what an administrator pastes elsewhere. */
export function CopyableValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid min-w-0 gap-1">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="flex items-center gap-1">
        <span className="font-mono text-sm break-all">{value}</span>
        <CopyButton value={value} label={`Copy ${inSentence(label)}`} iconOnly variant="ghost" size="icon" />
      </dd>
    </div>
  );
}
