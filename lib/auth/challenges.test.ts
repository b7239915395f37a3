// Finding 7 of the security audit: anonymous clients cannot fill the challenge table.
import crypto from "node:crypto";
import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { webauthnChallenges } from "@/lib/db/schema";
import { RateLimitedError, UnauthenticatedError } from "@/lib/errors";
import { beginPasskeySignIn } from "./sign-in";
import { consumeChallenge, MAX_CHALLENGES_PER_ADDRESS } from "./webauthn";

const clientData = (challenge: string) =>
  Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: "http://localhost:3000" })).toString("base64url");
// The limiter lives for the process: each test uses addresses of its own.
const freshAddress = () => `192.0.2.${crypto.randomInt(1, 255)}-${crypto.randomUUID()}`;

describeEachEngine("sign-in challenges per client address", (current) => {
  it("are rate-limited per address: the 31st in a minute is refused, other addresses are not", async () => {
    const { ctx } = current();
    const address = freshAddress();
    for (let i = 0; i < 30; i++) await beginPasskeySignIn({ clientAddress: address }, ctx);
    const before = await ctx.db.select({ id: webauthnChallenges.id }).from(webauthnChallenges);
    await expect(beginPasskeySignIn({ clientAddress: address }, ctx)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await ctx.db.select({ id: webauthnChallenges.id }).from(webauthnChallenges)).toHaveLength(before.length);
    await beginPasskeySignIn({ clientAddress: freshAddress() }, ctx);
  });

  it(`keep at most ${MAX_CHALLENGES_PER_ADDRESS} outstanding per address, dropping the oldest`, async () => {
    const { ctx } = current();
    const address = freshAddress();
    const other = await beginPasskeySignIn({ clientAddress: freshAddress() }, ctx);
    const issued = [];
    for (let i = 0; i < MAX_CHALLENGES_PER_ADDRESS + 5; i++) issued.push((await beginPasskeySignIn({ clientAddress: address }, ctx)).challenge);
    const held = await ctx.db.select({ challenge: webauthnChallenges.challenge }).from(webauthnChallenges).where(eq(webauthnChallenges.clientAddress, address));
    expect(held.map((row) => row.challenge).sort()).toEqual(issued.slice(5).sort());
    await expect(consumeChallenge(clientData(issued[0]), "authentication", ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await consumeChallenge(clientData(issued.at(-1)!), "authentication", ctx)).challenge).toBe(issued.at(-1));
    // Another address's challenge is untouched.
    expect((await consumeChallenge(clientData(other.challenge), "authentication", ctx)).challenge).toBe(other.challenge);
  });

  it("sweeps expired challenges through an index on expires_at", async () => {
    const { ctx } = current();
    const rows = await queryRows<{ indexdef: string }>(
      ctx.db,
      sql`select indexdef from pg_indexes where tablename = 'webauthn_challenges' and indexname = 'webauthn_challenges_expires_at_idx'`,
    );
    expect(rows).toEqual([{ indexdef: expect.stringContaining("(expires_at)") }]);
  });
});
