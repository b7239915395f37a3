// The audit page's verb (filters, keyset paging, admins only), a user's own sign-ins, the sign-in
// audit helpers and the PruneAuditLog job, on both engines.
import { asc, sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog } from "@/lib/db/schema";
import { withActor, type AppContext } from "@/lib/context";
import { asUser, insertUser } from "@/lib/auth/testing";
import { recordSignInFailure, startPasskeySession } from "@/lib/auth/sign-in-audit";
import { ForbiddenError, RateLimitedError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { listAuditLog, listMySignIns } from "./list";
import { pruneAuditLog, pruneAuditLogJob } from "./prune";
import { AUDIT_PAGE_SIZE } from "./schema";

const REQUEST = { ipAddress: "203.0.113.5", userAgent: "Firefox/140" };

describeEachEngine("audit log reading and retention", (current) => {
  let admin: { id: string; username: string };
  let alice: { id: string; username: string };
  let adminCtx: AppContext;
  beforeEach(async () => {
    await current().ctx.db.delete(auditLog);
    admin = await insertUser(current().ctx, { isAdmin: true });
    alice = await insertUser(current().ctx);
    adminCtx = asUser(current().ctx, admin.id, true);
  });

  /** `count` rows, one per hour back from `daysAgo` days ago. */
  async function seed(count: number, event: string, fields: Partial<typeof auditLog.$inferInsert> = {}, daysAgo = 0) {
    await current().ctx.db.insert(auditLog).values(
      Array.from({ length: count }, (_, n) => ({
        event,
        actorKind: "system" as const,
        at: sql`now() - make_interval(days => ${daysAgo}::int, hours => ${n}::int)`,
        ...fields,
      })),
    );
  }

  it("pages newest first without gaps or repeats, and refuses everyone but administrators", async () => {
    await seed(AUDIT_PAGE_SIZE * 2 + 7, "config.saved");
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditLog({ before }, adminCtx);
      seen.push(...page.entries.map((entry) => entry.id));
      const times = page.entries.map((entry) => entry.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    const all = await current().ctx.db.select({ id: auditLog.id }).from(auditLog).orderBy(sql`${auditLog.at} desc, ${auditLog.id} desc`);
    expect(seen).toEqual(all.map((row) => row.id));

    await expect(listAuditLog({}, asUser(current().ctx, alice.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAuditLog({}, withActor(current().ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(listAuditLog({ event: "no.such" }, adminCtx)).rejects.toBeInstanceOf(ValidationError);
    await expect(listAuditLog({ from: "yesterday" }, adminCtx)).rejects.toBeInstanceOf(ValidationError);
  });

  it("pages a user's events, done by them or to them, without gaps or repeats; a deleted user's by name", async () => {
    const aliceActs = { actorUserId: alice.id, actorUsername: alice.username, actorKind: "user" as const };
    await seed(AUDIT_PAGE_SIZE + 5, "user.updated", { actorUserId: admin.id, actorUsername: admin.username, actorKind: "user", targetId: alice.id });
    await seed(AUDIT_PAGE_SIZE, "sign_in.passkey", { ...aliceActs, targetId: alice.id }, 1);
    await seed(AUDIT_PAGE_SIZE, "group.members_changed", { ...aliceActs, targetType: "group", targetId: crypto.randomUUID() }, 2);
    await seed(AUDIT_PAGE_SIZE, "config.saved", { actorUserId: admin.id, actorUsername: admin.username, actorKind: "user" }, 3);
    await seed(AUDIT_PAGE_SIZE + 1, "group.created", { actorUsername: "Gone-Admin", actorKind: "user", actorUserId: crypto.randomUUID() }, 4);

    const allPages = async (query: { user: string; event?: "sign_in.passkey" }) => {
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await listAuditLog({ ...query, before }, adminCtx);
        ids.push(...page.entries.map((entry) => entry.id));
        before = page.nextCursor ?? undefined;
      } while (before);
      return ids;
    };
    const newest = async (where: ReturnType<typeof sql>) =>
      (await current().ctx.db.select({ id: auditLog.id }).from(auditLog).where(where).orderBy(sql`${auditLog.at} desc, ${auditLog.id} desc`)).map((row) => row.id);
    const alices = await allPages({ user: alice.username });
    expect(alices).toHaveLength(3 * AUDIT_PAGE_SIZE + 5);
    expect(alices).toEqual(await newest(sql`${auditLog.actorUserId} = ${alice.id} or ${auditLog.targetId} = ${alice.id}`));
    expect(await allPages({ user: alice.username, event: "sign_in.passkey" })).toHaveLength(AUDIT_PAGE_SIZE);
    expect(await allPages({ user: "gone-admin" })).toEqual(await newest(sql`${auditLog.actorUsername} = 'Gone-Admin'`));
  });

  it("filters by user (as actor or target, by name once deleted), event and date range", async () => {
    await seed(3, "user.updated", { actorUserId: admin.id, actorUsername: admin.username, actorKind: "user", targetId: alice.id, targetType: "user" });
    await seed(2, "sign_in.passkey", { actorUserId: alice.id, actorUsername: alice.username, actorKind: "user", targetId: alice.id });
    await seed(4, "sign_in.passkey", { actorUserId: admin.id, actorUsername: admin.username, actorKind: "user", targetId: admin.id }, 10);
    await seed(1, "group.created", { actorUsername: "gone-admin", actorKind: "user", actorUserId: crypto.randomUUID() });

    const events = async (query: Parameters<typeof listAuditLog>[0]) => (await listAuditLog(query, adminCtx)).entries.map((entry) => entry.event);
    // Alice's events: those she did and those done to her; the username matches case-insensitively.
    expect((await events({ user: alice.username.toUpperCase() })).sort()).toEqual([...Array(2).fill("sign_in.passkey"), ...Array(3).fill("user.updated")]);
    expect((await events({ user: admin.username })).length).toBe(7);
    expect(await events({ user: "gone-admin" })).toEqual(["group.created"]);
    expect(await events({ user: "nobody" })).toEqual([]);
    expect((await events({ event: "sign_in.passkey" })).length).toBe(6);
    expect((await events({ event: "sign_in.passkey", user: admin.username })).length).toBe(4);

    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    expect((await events({ from: day(11), to: day(9) })).length).toBe(4);
    expect((await events({ from: day(2) })).length).toBe(6);
    expect(await events({ to: day(20) })).toEqual([]);
  });

  it("shows users their own sign-ins, with address, browser and outcome", async () => {
    const browser = { ...current().ctx, actor: null, request: REQUEST };
    await startPasskeySession(alice.id, browser, {});
    await startPasskeySession(admin.id, browser, {});
    await recordSignInFailure("passkey", new UnauthenticatedError("no", "unknown_passkey"), browser);
    await recordSignInFailure("passkey", new ValidationError("junk"), browser); // not an attempt: not recorded
    await recordSignInFailure("passkey", new UnauthenticatedError("bad signature"), browser, alice.id);
    // A burst refused by the rate limit: its first refusal is recorded, the rest of the window is not.
    await recordSignInFailure("login_link", new RateLimitedError(), browser);
    await recordSignInFailure("login_link", new RateLimitedError(undefined, false), browser);

    expect(await listMySignIns(undefined, asUser(current().ctx, alice.id))).toEqual([
      { at: expect.any(Date), event: "sign_in.failed", clientAddress: REQUEST.ipAddress, userAgent: REQUEST.userAgent, outcome: "failure" },
      { at: expect.any(Date), event: "sign_in.passkey", clientAddress: REQUEST.ipAddress, userAgent: REQUEST.userAgent, outcome: "success" },
    ]);
    const failures = await current().ctx.db.select().from(auditLog).where(sql`${auditLog.event} = 'sign_in.failed' and ${auditLog.targetId} is null`).orderBy(sql`${auditLog.details}->>'reason' desc`);
    expect(failures).toMatchObject([
      { actorKind: "anonymous", actorUserId: null, outcome: "failure", clientAddress: REQUEST.ipAddress, details: { method: "passkey", reason: "unknown_passkey" } },
      { actorKind: "anonymous", outcome: "failure", details: { method: "login_link", reason: "rate_limited" } },
    ]);
    await expect(listMySignIns(undefined, withActor(current().ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("prunes only rows older than the retention, in chunks, as a daily job that runs only when rows expired", async () => {
    await seed(5, "config.saved", {}, 80);
    // Nothing expired: the job stays off, so it writes no run at all.
    expect(await pruneAuditLogJob.schedule(current().ctx)).toEqual({ enabled: false, intervalSeconds: 86_400 });
    await seed(7, "config.saved", {}, 91);
    expect(await pruneAuditLogJob.schedule(current().ctx)).toEqual({ enabled: true, intervalSeconds: 86_400 });
    expect(await pruneAuditLog(current().ctx, 3)).toBe(7);
    const left = await current().ctx.db.select({ at: auditLog.at }).from(auditLog).orderBy(asc(auditLog.at));
    expect(left).toHaveLength(5);
    expect(await pruneAuditLog({ ...current().ctx, envSettings: { AUDIT_LOG_RETENTION_DAYS: 30 } })).toBe(5);
  });
});
