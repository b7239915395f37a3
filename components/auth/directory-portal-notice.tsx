import { ExternalLink, Info } from "lucide-react";

/** For LDAP users: where they change what the directory owns (password, phone), from LDAP_ACCOUNT_PORTAL_URL. */
export function DirectoryPortalNotice({ url }: { url: string }) {
  return (
    <div role="note" aria-label="Managed by your directory" className="flex items-start gap-3 rounded-xl border border-info/30 bg-info/10 px-4 py-3 text-sm">
      <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-info" />
      <p>
        Managed by your directory —{" "}
        <a href={url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 font-medium underline underline-offset-4">
          manage it here
          <ExternalLink aria-hidden="true" className="size-3.5" />
        </a>{" "}
        <span className="text-muted-foreground">(password, phone and other details).</span>
      </p>
    </div>
  );
}
