import crypto from "node:crypto";
import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, users, webauthnChallenges, webauthnCredentials } from "@/lib/db/schema";
import { UnauthenticatedError } from "@/lib/errors";
import type { NewPasskey } from "./passkey-ceremony";
import { SETUP_DONE_MESSAGE, beginSetup, createInitialAdmin, isSetupPending, reopenSetup, type PendingAdmin } from "./setup";
import { consumeChallenge } from "./webauthn";

const passkey = (): NewPasskey => ({
  credentialId: crypto.randomBytes(16).toString("base64url"),
  publicKey: crypto.randomBytes(77),
  counter: 0,
  transports: ["internal"],
  deviceType: "singleDevice",
  backedUp: false,
  aaguid: "00000000-0000-0000-0000-000000000000",
});

const admin = (username: string): PendingAdmin => ({
  id: crypto.randomUUID(),
  username,
  email: `${username}@example.com`,
  firstName: "Ada",
  lastName: username,
});

/** clientDataJSON as a browser would send it for a challenge. */
const clientData = (challenge: string) =>
  Buffer.from(JSON.stringify({ type: "webauthn.create", challenge, origin: "http://localhost:3000" })).toString("base64url");

describeEachEngine("first-admin setup", (use) => {
  it("remembers the pending admin only in a single-use challenge; no user row before the passkey", async () => {
    const { ctx } = use();
    expect(await isSetupPending(ctx)).toBe(true);
    const options = await beginSetup({ username: "root", email: "root@example.com", firstName: "Ada", lastName: "Root" }, ctx);
    expect(options).toMatchObject({
      rp: { id: "localhost", name: "Pocket ID" },
      user: { name: "root", displayName: "Ada Root" },
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    });
    expect(await ctx.db.select().from(users)).toEqual([]);

    const { payload } = await consumeChallenge(clientData(options.challenge), "setup", ctx);
    expect(payload).toMatchObject({ username: "root", email: "root@example.com" });
    await expect(consumeChallenge(clientData(options.challenge), "setup", ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses a challenge after five minutes or for another purpose", async () => {
    const { ctx } = use();
    const options = await beginSetup({ username: "late", email: "late@example.com", firstName: "L", lastName: "" }, ctx);
    await expect(consumeChallenge(clientData(options.challenge), "authentication", ctx)).rejects.toThrow(/no longer valid/);
    await ctx.db
      .update(webauthnChallenges)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(webauthnChallenges.challenge, options.challenge));
    await expect(consumeChallenge(clientData(options.challenge), "setup", ctx)).rejects.toThrow(/expired/);
  });

  it("creates exactly one admin when two setups finish at the same moment", async () => {
    const { ctx } = use();
    const results = await Promise.allSettled([
      createInitialAdmin(admin("first"), passkey(), ctx),
      createInitialAdmin(admin("second"), passkey(), ctx),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "setup_done", message: SETUP_DONE_MESSAGE });

    const rows = await ctx.db.select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ isAdmin: true, displayName: expect.stringMatching(/^Ada /) });
    expect(await ctx.db.select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, rows[0].id))).toHaveLength(1);
    // The winner's account and passkey are audited once, as their own doing; the loser left no row.
    const audited = await ctx.db.select({ event: auditLog.event, actor: auditLog.actorUserId, target: auditLog.targetId, details: auditLog.details }).from(auditLog);
    expect(audited.sort((a, b) => a.event.localeCompare(b.event))).toEqual([
      { event: "passkey.added", actor: rows[0].id, target: rows[0].id, details: { passkeyId: expect.any(String), passkey: "Passkey" } },
      { event: "user.created", actor: rows[0].id, target: rows[0].id, details: { isAdmin: true, via: "setup" } },
    ]);

    expect(await isSetupPending(ctx)).toBe(false);
    await expect(beginSetup({ username: "third", email: "t@example.com", firstName: "T", lastName: "" }, ctx)).rejects.toThrow(
      SETUP_DONE_MESSAGE,
    );
  });

  it("stays closed once an administrator existed, even with every user deleted; the CLI reopens it", async () => {
    const { ctx } = use();
    expect(await isSetupPending(ctx)).toBe(false);
    // An enabled admin exists: reopening is refused.
    await expect(reopenSetup(ctx)).rejects.toMatchObject({ code: "conflict" });
    await ctx.db.delete(users);
    expect(await isSetupPending(ctx)).toBe(false);
    await expect(createInitialAdmin(admin("intruder"), passkey(), ctx)).rejects.toMatchObject({ code: "setup_done", message: SETUP_DONE_MESSAGE });
    await expect(beginSetup({ username: "intruder", email: "i@example.com", firstName: "I", lastName: "" }, ctx)).rejects.toThrow(SETUP_DONE_MESSAGE);

    expect(await reopenSetup(ctx)).toBe("open");
    expect(await isSetupPending(ctx)).toBe(true);
  });

  it("closes for good when an administrator arrives another way (LDAP sync, an older install)", async () => {
    const { ctx } = use();
    expect(await isSetupPending(ctx)).toBe(true);
    await ctx.db.insert(users).values({ username: "synced-admin", isAdmin: true, ldapId: crypto.randomUUID() });
    expect(await isSetupPending(ctx)).toBe(false);
    await ctx.db.delete(users);
    expect(await isSetupPending(ctx)).toBe(false);
    // Users without an enabled admin: reopening removes the flag, but /setup waits until no user remains.
    await ctx.db.insert(users).values({ username: "member" });
    expect(await reopenSetup(ctx)).toBe("closed-users-remain");
    expect(await isSetupPending(ctx)).toBe(false);
    await ctx.db.delete(users);
    expect(await isSetupPending(ctx)).toBe(true);
  });
});
