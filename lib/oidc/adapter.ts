// oidc-provider's storage on drizzle (PostgreSQL or PGlite): one table for everything the provider
// keeps, so replicas sharing a database share sessions, grants and tokens. Rows are keyed by the
// SHA-256 of the provider's id (a token's value for opaque tokens) and the id is removed from the
// stored payload: reading the database yields no usable code or token.
import "server-only";
import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { oidcPayloads } from "@/lib/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { preparedPerDb } from "@/lib/db/helpers";
import type { AppContext } from "@/lib/context";
import { findClientMetadata } from "./client-metadata";

/** Expired rows are deleted at most this often per process, on the next write. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * Models whose id stays in the stored payload, for the lookups that do not know it: sessions by
 * uid (a session id is only usable with its signed cookie, whose keys derive from the encryption
 * key) and grants by user and client (a grant id alone grants nothing). Codes and tokens lose it.
 */
const KEEPS_ID = new Set(["Session", "Grant"]);

const notExpired = sql`(${oidcPayloads.expiresAt} is null or ${oidcPayloads.expiresAt} > now())`;

function stored(row: { payload: Record<string, unknown>; consumedAt: Date | null }, id: string | undefined): AdapterPayload {
  const payload = { ...row.payload, ...(id === undefined ? {} : { jti: id }) } as AdapterPayload;
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

const selected = { payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt };

/**
 * What every token, userinfo and authorization request runs, prepared once per database: drizzle
 * builds each statement once, and PostgreSQL parses and plans it once per connection.
 */
const statements = preparedPerDb((db) => {
  const param = sql.placeholder;
  const byId = and(eq(oidcPayloads.type, param("type")), eq(oidcPayloads.idHash, param("idHash")));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  return {
    find: db.select(selected).from(oidcPayloads).where(and(byId, notExpired)).prepare("oidc_payload_find"),
    upsert: db
      .insert(oidcPayloads)
      .values({
        type: param("type"),
        idHash: param("idHash"),
        payload: param("payload"),
        grantId: param("grantId"),
        userCode: param("userCode"),
        uid: param("uid"),
        accountId: param("accountId"),
        expiresAt: param("expiresAt"),
      })
      .onConflictDoUpdate({
        target: [oidcPayloads.type, oidcPayloads.idHash],
        set: {
          payload: excluded("payload"),
          grantId: excluded("grant_id"),
          userCode: excluded("user_code"),
          uid: excluded("uid"),
          accountId: excluded("account_id"),
          expiresAt: excluded("expires_at"),
        },
      })
      .prepare("oidc_payload_upsert"),
    consume: db.update(oidcPayloads).set({ consumedAt: sql`now()` }).where(byId).prepare("oidc_payload_consume"),
  };
});

export function payloadAdapter(type: string, ctx: AppContext, pruner: () => Promise<void>): Adapter {
  const { db } = ctx;
  const byId = (id: string) => and(eq(oidcPayloads.type, type), eq(oidcPayloads.idHash, hashToken(id)));
  // Lookups by uid or user code do not know the id; the provider reads it from `jti`.
  const findOne = async (where: ReturnType<typeof and>) => {
    const [row] = await db.select(selected).from(oidcPayloads).where(and(where, notExpired));
    return row && stored(row, row.payload.jti as string | undefined);
  };
  return {
    async upsert(id, payload, expiresIn) {
      const { jti: _omit, ...rest } = payload;
      await statements(db).upsert.execute({
        type,
        idHash: hashToken(id),
        payload: KEEPS_ID.has(type) ? payload : rest,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        accountId: payload.accountId ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      });
      await pruner();
    },
    async find(id) {
      const [row] = await statements(db).find.execute({ type, idHash: hashToken(id) });
      return row && stored(row, id);
    },
    // Lookup values can come from a request: one PostgreSQL cannot store (NUL) names nothing.
    findByUid: async (uid) => (uid.includes("\0") ? undefined : findOne(and(eq(oidcPayloads.type, type), eq(oidcPayloads.uid, uid)))),
    findByUserCode: async (code) => (code.includes("\0") ? undefined : findOne(and(eq(oidcPayloads.type, type), eq(oidcPayloads.userCode, code)))),
    async consume(id) {
      await statements(db).consume.execute({ type, idHash: hashToken(id) });
    },
    async destroy(id) {
      await db.delete(oidcPayloads).where(byId(id));
    },
    async revokeByGrantId(grantId) {
      if (grantId.includes("\0")) return;
      await db.delete(oidcPayloads).where(eq(oidcPayloads.grantId, grantId));
    },
  };
}

/** Clients live in their own table (lib/oidc/clients.ts); the provider only reads them. */
function clientAdapter(ctx: AppContext): Adapter {
  const readOnly = async () => {
    throw new Error("OIDC clients are managed with lib/oidc/clients.ts, not through the provider");
  };
  return {
    find: (id) => findClientMetadata(id, ctx),
    upsert: readOnly,
    findByUid: readOnly,
    findByUserCode: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}

export async function pruneExpiredPayloads(ctx: AppContext): Promise<number> {
  const deleted = await ctx.db
    .delete(oidcPayloads)
    .where(and(isNotNull(oidcPayloads.expiresAt), lt(oidcPayloads.expiresAt, sql`now()`)))
    .returning({ type: oidcPayloads.type });
  return deleted.length;
}

/** The adapter class oidc-provider instantiates once per model name. */
export function drizzleAdapter(ctx: AppContext): new (name: string) => Adapter {
  let lastPrune = 0;
  const pruner = async () => {
    if (Date.now() - lastPrune < PRUNE_INTERVAL_MS) return;
    lastPrune = Date.now();
    await pruneExpiredPayloads(ctx).catch((error) => ctx.log.warn("Pruning expired OIDC rows failed", { error: String(error) }));
  };
  return class DrizzleAdapter {
    constructor(name: string) {
      return name === "Client" ? clientAdapter(ctx) : payloadAdapter(name, ctx, pruner);
    }
  } as unknown as new (name: string) => Adapter;
}
