// Test fixtures for the backup tests: a database with rows in every exported table (through the
// real verbs where there is one, with awkward values: tabs, newlines, backslashes, emoji, every
// byte value), rows an export must leave out, and a row-for-row reading of any table.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { queryRows } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";
import { storeSettings } from "@/lib/config";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { createSession } from "@/lib/auth/sessions";
import { createOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { SoftwareAuthenticator } from "@/lib/auth/software-authenticator";
import { asUser, insertPasskey, insertUser } from "@/lib/auth/testing";
import { createOidcClient } from "@/lib/oidc/clients";
import { ensureSigningKey } from "@/lib/oidc/keys";
import { primaryKeyColumns, quoteIdent, tableName, type ExportedTable } from "./tables";

const AWKWARD = "tab\there, new\nline, back\\slash, quote\" ' and 😀 ünïcødé \\N";
const hour = 3_600_000;

export interface SeededState {
  owner: { id: string; username: string };
  authenticator: SoftwareAuthenticator;
  sessionToken: string;
}

/** Fills every exported table (and the left-out rows beside them) for `users` extra users. */
export async function seedState(ctx: AppContext, users = 40): Promise<SeededState> {
  const owner = await insertUser(ctx, { username: "owner", email: "owner@example.com", displayName: AWKWARD, isAdmin: true });
  const authenticator = new SoftwareAuthenticator();
  const options = await beginPasskeyRegistration(undefined, asUser(ctx, owner.id, true));
  await finishPasskeyRegistration({ response: authenticator.register(options) }, asUser(ctx, owner.id, true));
  const others = [];
  for (let i = 0; i < users; i++) {
    others.push(await insertUser(ctx, { username: `user${i}`, email: i % 3 ? `user${i}@example.com` : null, ldapId: i % 2 ? `ldap-${i}` : null, disabled: i % 7 === 0 }));
  }
  await insertPasskey(ctx, others[0].id, AWKWARD);
  const groups = await ctx.db
    .insert(schema.userGroups)
    .values([{ name: "admins", friendlyName: AWKWARD }, { name: "staff", ldapId: "group-ldap-1" }])
    .returning({ id: schema.userGroups.id });
  await ctx.db.insert(schema.userGroupMembers).values(others.map((user, i) => ({ userId: user.id, groupId: groups[i % 2].id })));
  await ctx.db.insert(schema.userProfilePictures).values({
    userId: owner.id,
    small: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    large: crypto.randomBytes(30_000),
    etag: "etag-1",
    publicToken: crypto.randomBytes(16).toString("hex"),
    sourceHash: "hash",
  });
  await ctx.db.insert(schema.userCustomClaims).values([
    { userId: owner.id, source: "admin", key: "department", value: AWKWARD },
    { userId: owner.id, source: "ldap", key: "department", value: "ops" },
  ]);
  await ctx.db.insert(schema.groupCustomClaims).values({ groupId: groups[0].id, key: "role", value: "admin" });

  const { token: sessionToken } = await createSession(owner.id, ctx, { ipAddress: "192.0.2.1", userAgent: AWKWARD });
  await ctx.db.insert(schema.sessions).values({ userId: others[1].id, tokenHash: "expired-session", expiresAt: new Date(Date.now() - hour) });
  await createOneTimeAccessToken({ userId: others[1].id, ttlMinutes: 60 }, ctx);
  await ctx.db.insert(schema.oneTimeAccessTokens).values([
    { userId: others[2].id, tokenHash: "expired-link", expiresAt: new Date(Date.now() - hour) },
    { userId: others[2].id, tokenHash: "used-link", expiresAt: new Date(Date.now() + hour), usedAt: new Date() },
  ]);
  await ctx.db.insert(schema.loginLinkEmails).values({ userId: others[1].id, sentAt: new Date(Date.now() - hour) });

  await storeSettings(ctx, { LDAP_BIND_PASSWORD: "bind secret", LDAP_URL: "ldap://directory.example" });
  await ctx.db.insert(schema.jobRuns).values([
    { job: "SyncLdap", trigger: "cli", status: "succeeded", finishedAt: new Date(), stats: { usersFetched: 41, skipped: [{ dn: AWKWARD, reason: "x" }] } },
    { job: "SyncLdap", trigger: "schedule", status: "running" },
  ]);

  const { clientId } = await createOidcClient({ name: "Grafana", callbackUrls: ["https://grafana.example/cb"], allowedGroups: ["admins"] }, ctx);
  await ensureSigningKey(ctx);
  const payload = (type: string, expiresAt: Date | null) => ({
    idHash: crypto.randomBytes(16).toString("hex"),
    type,
    payload: { clientId, accountId: owner.id, nested: { text: AWKWARD, list: [1, 2.5, null] } },
    grantId: "grant-1",
    accountId: owner.id,
    expiresAt,
  });
  await ctx.db.insert(schema.oidcPayloads).values([payload("Grant", new Date(Date.now() + hour)), payload("Session", null), payload("AuthorizationCode", new Date(Date.now() - hour))]);
  await ctx.db.insert(schema.auditLog).values({ event: "user.updated", actorKind: "system", targetName: AWKWARD, details: { changed: ["displayName"], note: AWKWARD } });
  await ctx.db.insert(schema.webauthnChallenges).values({ challenge: crypto.randomBytes(16).toString("hex"), purpose: "authentication", expiresAt: new Date(Date.now() + hour) });
  return { owner, authenticator, sessionToken };
}

/**
 * Every row of a table as PostgreSQL's JSON of the whole row (microseconds, bytea hex and nested
 * jsonb included), in primary-key order; with `keep`, only the rows an export takes.
 */
export async function tableRows(ctx: AppContext, exported: ExportedTable, filtered: boolean): Promise<unknown[]> {
  const order = primaryKeyColumns(exported.table).map((column) => `t.${quoteIdent(column)}`).join(", ");
  const where = filtered && exported.keep ? `where ${exported.keep}` : "";
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const rows = await queryRows<{ row: string }>(tx, sql.raw(`select to_jsonb(t)::text as row from ${quoteIdent(tableName(exported.table))} t ${where} order by ${order}`));
    return rows.map((row) => JSON.parse(row.row));
  });
}
