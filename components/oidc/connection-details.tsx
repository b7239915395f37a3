import { CopyableValue } from "@/components/ui/copyable-value";
import { DISCOVERY_PATH, OIDC_ROUTES, RECOMMENDED_SCOPES } from "@/lib/oidc/routes";

/** The issuer and discovery URL: most applications find everything else there. */
export function IssuerDetails({ issuer }: { issuer: string }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-2">
      <CopyableValue label="Issuer" value={issuer} />
      <CopyableValue label="Discovery URL" value={`${issuer}${DISCOVERY_PATH}`} />
    </dl>
  );
}

/** Every value an application's OpenID Connect settings ask for, for applications without discovery. */
export function ConnectionDetails({ issuer, clientId, callbackUrls }: { issuer: string; clientId: string; callbackUrls: string[] }) {
  const values: [string, string][] = [
    ["Client ID", clientId],
    ["Authorization URL", `${issuer}${OIDC_ROUTES.authorization}`],
    ["Token URL", `${issuer}${OIDC_ROUTES.token}`],
    ["Userinfo URL", `${issuer}${OIDC_ROUTES.userinfo}`],
    ["End session URL", `${issuer}${OIDC_ROUTES.end_session}`],
    ["JWKS URL", `${issuer}${OIDC_ROUTES.jwks}`],
    ["Scopes", RECOMMENDED_SCOPES],
    ...callbackUrls.map((url, index): [string, string] => [callbackUrls.length > 1 ? `Callback URL ${index + 1}` : "Callback URL", url]),
  ];
  return (
    <div className="grid gap-4">
      <IssuerDetails issuer={issuer} />
      <dl className="grid gap-4 sm:grid-cols-2">
        {values.map(([label, value]) => (
          <CopyableValue key={label} label={label} value={value} />
        ))}
      </dl>
    </div>
  );
}
