// One-time access links (`/lc/<token>`): how a user without a passkey signs in once to add one.
// The token exists only in the link; the database keeps its SHA-256. Consuming is one atomic
// UPDATE, so a link works exactly once even when opened twice at the same moment.
import "server-only";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { oneTimeAccessTokens, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isPlainText } from "@/lib/security/text";
import { recordAudit } from "@/lib/audit/record";
import { countSignIn } from "@/lib/metrics/sign-ins";
import { requireAdmin } from "./authorize";
import { createSession, type SessionMeta } from "./sessions";
import { loginLinkSchema, type LoginLinkInput } from "./schema";
import { DISABLED_ACCOUNT_MESSAGE } from "./messages";
import { generateToken, hashToken } from "./tokens";

export const INVALID_LINK_MESSAGE =
  "This login link is invalid, has expired or was already used. Ask an administrator for a new one.";


export interface CreatedLoginLink {
  url: string;
  expiresAt: Date;
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

  const token = generateToken();
  const expiresAt = new Date(Date.now() + input.ttlMinutes * 60_000);
  await ctx.db.transaction(async (tx) => {
    // The new link replaces the user's unused ones (only the latest link handed out works); expired
    // links are dropped too, their used_at has served its purpose.
    await tx
      .delete(oneTimeAccessTokens)
      .where(
        and(
          eq(oneTimeAccessTokens.userId, user.id),
          or(isNull(oneTimeAccessTokens.usedAt), lt(oneTimeAccessTokens.expiresAt, sql`now()`)),
        ),
      );
    await tx.insert(oneTimeAccessTokens).values({ userId: user.id, tokenHash: hashToken(token), expiresAt });
    await recordAudit(
      { event: "login_link.created", target: { type: "user", id: user.id, name: user.username }, details: { ttlMinutes: input.ttlMinutes } },
      { ...ctx, db: tx },
    );
  });
  ctx.log.info("Login link created", { user: user.username, by: actor.userId ?? actor.kind, expires_at: expiresAt });
  return { url: `${ctx.server.APP_URL}/lc/${token}`, expiresAt };
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

const usable = (tokenHash: string) =>
  and(eq(oneTimeAccessTokens.tokenHash, tokenHash), isNull(oneTimeAccessTokens.usedAt), gt(oneTimeAccessTokens.expiresAt, sql`now()`));

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

/**
 * Uses a link up and signs its user in: returns the new session's token for the cookie. Marking
 * the token used and creating the session share one transaction.
 */
export async function consumeOneTimeAccessToken(
  token: string,
  ctx: AppContext,
  meta: SessionMeta = {},
): Promise<{ userId: string; session: { token: string; expiresAt: Date } }> {
  const tokenHash = hashToken(token);
  const consumed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(oneTimeAccessTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          usable(tokenHash),
          sql`exists (select 1 from ${users} where ${users.id} = ${oneTimeAccessTokens.userId} and not ${users.disabled})`,
        ),
      )
      .returning({ userId: oneTimeAccessTokens.userId });
    if (!row) return null;
    const txCtx = { ...ctx, db: tx };
    const session = await createSession(row.userId, txCtx, meta);
    await recordAudit({ event: "sign_in.login_link", actorUserId: row.userId, target: { type: "user", id: row.userId } }, txCtx);
    return { userId: row.userId, session };
  });
  if (consumed) {
    countSignIn("login_link", "success");
    ctx.log.info("Signed in with a login link", { user_id: consumed.userId, ip: meta.ipAddress ?? undefined });
    return consumed;
  }
  const preview = await previewOneTimeAccessToken(token, ctx);
  if (preview.status === "disabled") throw new ForbiddenError(DISABLED_ACCOUNT_MESSAGE, "account_disabled");
  throw new UnauthenticatedError(INVALID_LINK_MESSAGE, "invalid_link");
}
