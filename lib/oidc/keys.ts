// Token signing keys (RS256). The private JWK is stored encrypted with the app's encryption key.
// `oidc-keys rotate` retires the current key and adds a new one; a retired key stays published, for
// verification only, until every token it signed has expired, then it is dropped.
import "server-only";
import crypto from "node:crypto";
import { asc, desc, isNull, lt, sql, and, isNotNull } from "drizzle-orm";
import type { JWK } from "oidc-provider";
import { oidcSigningKeys } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { decryptSecret, encryptSecret } from "@/lib/config/secrets";
import { SIGNED_TOKEN_MAX_TTL_SECONDS } from "./ttl";

const ALG = "RS256";
/** A retired key outlives the longest-lived signed token by this margin (clock skew, caches). */
const RETIRED_KEY_MARGIN_SECONDS = 5 * 60;

type Tx = Parameters<Parameters<AppContext["db"]["transaction"]>[0]>[0];

const secretName = (kid: string) => `oidc-signing-key:${kid}`;

async function insertNewKey(tx: Tx, encryptionKey: Buffer): Promise<string> {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const kid = crypto.randomBytes(12).toString("base64url");
  const stored = JSON.stringify({ ...jwk, kid, alg: ALG, use: "sig" });
  await tx.insert(oidcSigningKeys).values({ kid, alg: ALG, privateJwk: encryptSecret(encryptionKey, secretName(kid), stored) });
  return kid;
}

/** Serialises key changes across processes sharing the database. */
async function lockKeys(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('oidc_signing_keys'))`);
}

/** Creates the first signing key when there is none (first start); returns the active key id. */
export async function ensureSigningKey(ctx: AppContext): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    await lockKeys(tx);
    const [active] = await tx.select({ kid: oidcSigningKeys.kid }).from(oidcSigningKeys).where(isNull(oidcSigningKeys.retiredAt)).orderBy(desc(oidcSigningKeys.createdAt));
    if (active) return active.kid;
    const kid = await insertNewKey(tx, ctx.encryptionKey);
    ctx.log.info("OIDC signing key created", { kid });
    return kid;
  });
}

/** Administrators (and the CLI) rotate: the new key signs from now on. */
export async function rotateSigningKeys(ctx: AppContext): Promise<{ kid: string; retired: string[] }> {
  requireAdmin(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    await lockKeys(tx);
    const retired = await tx.update(oidcSigningKeys).set({ retiredAt: sql`now()` }).where(isNull(oidcSigningKeys.retiredAt)).returning({ kid: oidcSigningKeys.kid });
    const kid = await insertNewKey(tx, ctx.encryptionKey);
    return { kid, retired: retired.map((row) => row.kid) };
  });
  ctx.log.info("OIDC signing keys rotated", { kid: result.kid, retired: result.retired.join(",") });
  return result;
}

/** Drops retired keys no unexpired token can have been signed with. */
export async function dropExpiredKeys(ctx: AppContext): Promise<number> {
  const keep = SIGNED_TOKEN_MAX_TTL_SECONDS + RETIRED_KEY_MARGIN_SECONDS;
  const dropped = await ctx.db
    .delete(oidcSigningKeys)
    .where(and(isNotNull(oidcSigningKeys.retiredAt), lt(oidcSigningKeys.retiredAt, sql`now() - make_interval(secs => ${keep})`)))
    .returning({ kid: oidcSigningKeys.kid });
  return dropped.length;
}

/** A cheap fingerprint of the key set: the running provider is rebuilt when it changes. */
export async function keySetVersion(ctx: Pick<AppContext, "db">): Promise<string> {
  const [row] = await ctx.db
    .select({ version: sql<string>`coalesce(string_agg(${oidcSigningKeys.kid} || ':' || (${oidcSigningKeys.retiredAt} is null), ',' order by ${oidcSigningKeys.kid}), '')` })
    .from(oidcSigningKeys);
  return row.version;
}

/** Private JWKs for the provider: the newest active key first (it signs), retired ones after. */
export async function loadSigningKeys(ctx: AppContext): Promise<{ keys: JWK[]; version: string }> {
  await ensureSigningKey(ctx);
  await dropExpiredKeys(ctx);
  const rows = await ctx.db
    .select()
    .from(oidcSigningKeys)
    .orderBy(sql`${oidcSigningKeys.retiredAt} is not null`, desc(oidcSigningKeys.createdAt), asc(oidcSigningKeys.kid));
  const keys = rows.map((row) => JSON.parse(decryptSecret(ctx.encryptionKey, secretName(row.kid), row.privateJwk)) as JWK);
  return { keys, version: await keySetVersion(ctx) };
}
