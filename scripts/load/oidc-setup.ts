// OpenID Connect state for the load test, made without a browser through the product's own parts:
// a confidential client restricted to a group (createOidcClient), and for each of N users a grant,
// an access token and a refresh token minted by an oidc-provider instance configured like the
// app's and saved through our drizzle adapter, exactly as a sign-in would have left them.
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db/client";
import { validateEnvironment } from "@/lib/config/env";
import { loadEncryptionKey } from "@/lib/config/secrets";
import { SYSTEM_ACTOR, type AppContext } from "@/lib/context";
import { log } from "@/lib/log";
import { createOidcClient } from "@/lib/oidc/clients";
import { loadSigningKeys } from "@/lib/oidc/keys";
import { createProvider } from "@/lib/oidc/provider";

export interface OidcLoadState {
  clientId: string;
  clientSecret: string;
  /** One per user, each valid for an hour: userinfo cycles through them. */
  accessTokens: string[];
  /** One unused refresh token per user: a refresh grant spends one, and its successor takes its place. */
  refreshTokens: string[];
}

const SCOPE = "openid profile email groups offline_access";
const GROUP = "load-oidc-users";
/** Saves in flight at once while minting. */
const BATCH = 25;

/**
 * `users` local users (the first by username) become members of a group the client admits, so every
 * request also runs the group-restriction check and the groups claim, as for a restricted app.
 */
export async function seedOidcTokens(database: Database, encryptionKey: string, users: number): Promise<OidcLoadState> {
  // Opaque tokens carry no issuer: the app's APP_URL need not be known yet.
  const { server } = validateEnvironment({ ENCRYPTION_KEY: encryptionKey });
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    server,
    envSettings: {},
    // The app derives the same key from ENCRYPTION_KEY, so it can read the signing key made here.
    encryptionKey: loadEncryptionKey(server),
    log: { ...log, info: () => {}, debug: () => {} },
    actor: SYSTEM_ACTOR,
  };
  const members = await queryRows<{ user_id: string }>(
    database.db,
    sql`
      with grp as (insert into user_groups (name, friendly_name) values (${GROUP}, ${GROUP}) returning id),
           chosen as (select id from users where not is_admin order by lower(username) limit ${users})
      insert into user_group_members (user_id, group_id) select chosen.id, grp.id from chosen, grp
      returning user_id`,
  );
  const accounts = members.map((row) => row.user_id);
  if (accounts.length < users) throw new Error(`only ${accounts.length} users to mint OIDC tokens for`);

  const { clientId, clientSecret } = await createOidcClient(
    { name: "Load test app", callbackUrls: ["https://load.example/callback"], allowedGroups: [GROUP] },
    ctx,
  );
  const provider = createProvider(ctx, (await loadSigningKeys(ctx)).keys);
  const client = await provider.Client.find(clientId);
  if (!client || !clientSecret) throw new Error("the load test's OIDC client was not created");

  const mint = async (accountId: string) => {
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(SCOPE);
    const grantId = await grant.save();
    const issued = { accountId, client, grantId, scope: SCOPE, gty: "authorization_code" };
    return { accessToken: await new provider.AccessToken(issued).save(), refreshToken: await new provider.RefreshToken(issued).save() };
  };
  const state: OidcLoadState = { clientId, clientSecret, accessTokens: [], refreshTokens: [] };
  for (let start = 0; start < accounts.length; start += BATCH) {
    for (const minted of await Promise.all(accounts.slice(start, start + BATCH).map(mint))) {
      state.accessTokens.push(minted.accessToken);
      state.refreshTokens.push(minted.refreshToken);
    }
  }
  return state;
}
