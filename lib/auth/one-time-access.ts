// One-time access links (`/lc/<token>`): how a user without a passkey signs in once to add one.
// The token exists only in the link; the database keeps its SHA-256. Consuming is one atomic
// UPDATE, so a link works exactly once even when opened twice at the same moment.
import "server-only";
import { and, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { oneTimeAccessTokens, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isPlainText } from "@/lib/security/text";
import { recordAudit } from "@/lib/audit/record";
import { countSignIn } from "@/lib/metrics/sign-ins";
import { requireAdmin } from "./authorize";
import { createSession, type SessionMeta } from "./sessions";
import { generateLoginCode, hashLoginCode } from "./login-codes";
import { LOGIN_CODE_MAX_TTL_MINUTES, loginCodeSchema, loginLinkSchema, type LoginLinkInput } from "./schema";
import { DISABLED_ACCOUNT_MESSAGE } from "./messages";
import { generateToken, hashToken } from "./tokens";

export const INVALID_LINK_MESSAGE =
  "This login link is invalid, has expired or was already used. Ask an administrator for a new one.";


export interface CreatedLoginLink {
  url: string;
  expiresAt: Date;
  /** The typed code (normalised, e.g. "ABCDEF") of a link valid for LOGIN_CODE_MAX_TTL_MINUTES or less. */
  code?: string;
}

/** Creates a single-use login link for a user. Admins and the system (CLI) only; never for disabled users. */
export async function createOneTimeAccessToken(values: LoginLinkInput, ctx: AppContext): Promise<CreatedLoginLink> {
  const actor = requireAdmin(ctx);
  const input = parseInput(loginLinkSchema, values);
  const [user] = await ctx.db
    .select({ id: users.id, username: users.username, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) throw new NotFoundError("This user does not exist.");
  if (user.disabled) throw new ConflictError(`User "${user.username}" is disabled: enable the account before creating a login link.`);
  const [link] = await ctx.db.transaction((tx) => issueLoginLinks([user], input.ttlMinutes, { ...ctx, db: tx }));
  ctx.log.info("Login link created", { user: user.username, by: actor.userId ?? actor.kind, expires_at: link.expiresAt });
  return link;
}

/** A code no live link holds: ~887 million codes, so a second draw is all but never needed. */
async function freshCode(ctx: AppContext): Promise<{ code: string; codeHash: string }> {
  for (;;) {
    const code = generateLoginCode();
    const codeHash = hashLoginCode(ctx.encryptionKey, code);
    const [taken] = await ctx.db.select({ id: oneTimeAccessTokens.id }).from(oneTimeAccessTokens).where(usableCode(codeHash)).limit(1);
    if (!taken) return { code, codeHash };
  }
}

/**
 * Issues one link per user in the caller's transaction (`ctx.db`) and records them, in a few
 * statements whatever the number of users (the bulk invitation issues them by the batch). No
 * authorisation here: createOneTimeAccessToken (admins), the e-mail verbs and the self-service
 * request check first. `audit.ownerActs`: each link's own user is the actor (self-service).
 */
export async function issueLoginLinks(
  owners: ReadonlyArray<{ id: string; username: string }>,
  ttlMinutes: number,
  ctx: AppContext,
  audit: { jobRunId?: string; ownerActs?: boolean } = {},
): Promise<CreatedLoginLink[]> {
  if (owners.length === 0) return [];
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  const ids = owners.map((owner) => owner.id);
  // A new link replaces the user's unused ones (only the latest link handed out works); expired
  // links are dropped too, their used_at has served its purpose.
  await ctx.db
    .delete(oneTimeAccessTokens)
    .where(and(inArray(oneTimeAccessTokens.userId, ids), or(isNull(oneTimeAccessTokens.usedAt), lt(oneTimeAccessTokens.expiresAt, sql`now()`))));
  const issued: Array<{ owner: { id: string; username: string }; token: string; typed: { code: string; codeHash: string } | null }> = [];
  for (const owner of owners) {
    issued.push({ owner, token: generateToken(), typed: ttlMinutes <= LOGIN_CODE_MAX_TTL_MINUTES ? await freshCode(ctx) : null });
  }
  await ctx.db
    .insert(oneTimeAccessTokens)
    .values(issued.map(({ owner, token, typed }) => ({ userId: owner.id, tokenHash: hashToken(token), expiresAt, codeHash: typed?.codeHash ?? null })));
  await recordAudit(
    issued.map(({ owner, typed }) => ({
      event: "login_link.created" as const,
      target: { type: "user" as const, id: owner.id, name: owner.username },
      details: { ttlMinutes, typedCode: typed !== null },
      jobRunId: audit.jobRunId,
      actorUserId: audit.ownerActs ? owner.id : undefined,
    })),
    ctx,
  );
  return issued.map(({ token, typed }) => ({ url: `${ctx.server.APP_URL}/lc/${token}`, expiresAt, ...(typed ? { code: typed.code } : {}) }));
}

/** The user named by a username or e-mail address (case-insensitive), for the CLI. */
export async function findUserByLogin(login: string, ctx: AppContext): Promise<{ id: string; username: string }> {
  requireAdmin(ctx);
  const needle = login.trim().toLowerCase();
  // JSON quoting shows control characters escaped; no username or e-mail can hold them anyway
  // (and PostgreSQL cannot compare a NUL).
  const unknown = new NotFoundError(`No user has the username or email ${JSON.stringify(login)}.`);
  if (!isPlainText(needle)) throw unknown;
  const [user] = await ctx.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(or(eq(sql`lower(${users.username})`, needle), eq(sql`lower(${users.email})`, needle)))
    .limit(1);
  if (!user) throw unknown;
  return user;
}

export type LoginLinkPreview =
  | { status: "valid"; displayName: string; username: string }
  | { status: "disabled" }
  | { status: "invalid" };

const live = () => and(isNull(oneTimeAccessTokens.usedAt), gt(oneTimeAccessTokens.expiresAt, sql`now()`));
const usable = (tokenHash: string) => and(eq(oneTimeAccessTokens.tokenHash, tokenHash), live());
const usableCode = (codeHash: string) => and(eq(oneTimeAccessTokens.codeHash, codeHash), live());

/** What opening a link would do, without using it up (link scanners only ever GET). */
export async function previewOneTimeAccessToken(token: string, ctx: AppContext): Promise<LoginLinkPreview> {
  const [row] = await ctx.db
    .select({ displayName: users.displayName, username: users.username, disabled: users.disabled })
    .from(oneTimeAccessTokens)
    .innerJoin(users, eq(users.id, oneTimeAccessTokens.userId))
    .where(usable(hashToken(token)));
  if (!row) return { status: "invalid" };
  if (row.disabled) return { status: "disabled" };
  return { status: "valid", displayName: row.displayName || row.username, username: row.username };
}

type ConsumedLink = { userId: string; session: { token: string; expiresAt: Date } };

/**
 * Uses up the live link matching `match` (one atomic UPDATE: a second attempt finds it used) and
 * signs its user in; marking it used and creating the session share one transaction.
 */
async function consumeWhere(match: SQL | undefined, method: "link" | "code", ctx: AppContext, meta: SessionMeta): Promise<ConsumedLink | null> {
  const consumed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(oneTimeAccessTokens)
      .set({ usedAt: sql`now()` })
      .where(and(match, sql`exists (select 1 from ${users} where ${users.id} = ${oneTimeAccessTokens.userId} and not ${users.disabled})`))
      .returning({ userId: oneTimeAccessTokens.userId });
    if (!row) return null;
    const txCtx = { ...ctx, db: tx };
    const session = await createSession(row.userId, txCtx, meta);
    await recordAudit(
      { event: "sign_in.login_link", actorUserId: row.userId, target: { type: "user", id: row.userId }, details: method === "code" ? { method: "code" } : undefined },
      txCtx,
    );
    return { userId: row.userId, session };
  });
  if (consumed) {
    countSignIn("login_link", "success");
    ctx.log.info(method === "code" ? "Signed in with a login code" : "Signed in with a login link", { user_id: consumed.userId, ip: meta.ipAddress ?? undefined });
  }
  return consumed;
}

/** Uses a link up and signs its user in: returns the new session's token for the cookie. */
export async function consumeOneTimeAccessToken(token: string, ctx: AppContext, meta: SessionMeta = {}): Promise<ConsumedLink> {
  const consumed = await consumeWhere(usable(hashToken(token)), "link", ctx, meta);
  if (consumed) return consumed;
  const preview = await previewOneTimeAccessToken(token, ctx);
  if (preview.status === "disabled") throw new ForbiddenError(DISABLED_ACCOUNT_MESSAGE, "account_disabled");
  throw new UnauthenticatedError(INVALID_LINK_MESSAGE, "invalid_link");
}

export const INVALID_CODE_MESSAGE = "This code is wrong, has expired or was already used. Check the e-mail, or ask for a new link.";

/**
 * Uses up the link whose typed code this is and signs its user in. The caller rate-limits per client
 * (lib/auth/browser-sign-in.ts); a disabled account gets the same answer as a wrong code.
 */
export async function consumeLoginCode(code: string, ctx: AppContext, meta: SessionMeta = {}): Promise<ConsumedLink> {
  const parsed = loginCodeSchema.safeParse(code);
  const consumed = parsed.success ? await consumeWhere(usableCode(hashLoginCode(ctx.encryptionKey, parsed.data)), "code", ctx, meta) : null;
  if (consumed) return consumed;
  throw new UnauthenticatedError(INVALID_CODE_MESSAGE, "invalid_link");
}
