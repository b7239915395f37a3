// Passkey sign-in against forged and tampered assertions, signed by a software authenticator
// registered through the real verbs: each field the relying party must check is changed in turn.
import crypto from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { users, webauthnCredentials } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "./passkeys";
import { beginPasskeySignIn, DISABLED_ACCOUNT_MESSAGE, finishPasskeySignIn, refusedAccountOf, UNKNOWN_PASSKEY_MESSAGE } from "./sign-in";
import { SoftwareAuthenticator, type CeremonyFields } from "./software-authenticator";
import { asUser, insertUser } from "./testing";
import { userHandle } from "./webauthn";

const NO_LONGER_VALID = "This passkey request is no longer valid. Start again.";

describeEachEngine("passkey sign-in assertions", (current) => {
  let ctx: AppContext;
  let authenticator: SoftwareAuthenticator;
  let owner: { id: string };

  /** A fresh sign-in challenge (each from its own address, clear of the rate limit). */
  const challenge = async () => (await beginPasskeySignIn({ clientAddress: crypto.randomUUID() }, ctx)).challenge;
  const signIn = async (fields: Omit<CeremonyFields, "challenge"> = {}) =>
    finishPasskeySignIn({ response: authenticator.sign({ challenge: await challenge(), ...fields }) }, ctx);
  const stored = async () => {
    const [row] = await ctx.db
      .select({ counter: webauthnCredentials.counter, lastUsedAt: webauthnCredentials.lastUsedAt })
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, owner.id));
    return row;
  };

  /** The assertion is refused for the reason `message` names, and the stored credential is left as it was. */
  async function refused(attempt: () => Promise<unknown>, message: RegExp | string, error: new (...args: never[]) => Error = UnauthenticatedError) {
    const before = await stored();
    const outcome = await attempt().catch((reason: unknown) => reason);
    expect(outcome).toBeInstanceOf(error);
    expect((outcome as Error).message).toMatch(message);
    expect(await stored()).toEqual(before);
  }

  beforeAll(async () => {
    ctx = current().ctx;
    owner = await insertUser(ctx, { username: "passkey-owner" });
    authenticator = new SoftwareAuthenticator();
    const options = await beginPasskeyRegistration(undefined, asUser(ctx, owner.id));
    await finishPasskeyRegistration({ response: authenticator.register(options) }, asUser(ctx, owner.id));
  });

  it("accepts a genuine assertion and records its counter", async () => {
    expect(await signIn()).toEqual({ userId: owner.id });
    expect(await stored()).toMatchObject({ counter: 1, lastUsedAt: expect.any(Date) });
  });

  it("names the account a refusal was for once the passkey is known (the audit log's failed sign-in)", async () => {
    expect(refusedAccountOf(await signIn({ origin: "http://evil.example" }).catch((error: unknown) => error))).toBe(owner.id);
    expect(refusedAccountOf(new UnauthenticatedError())).toBeUndefined();
  });

  for (const origin of ["http://localhost:4000", "https://localhost", "http://evil.example"]) {
    it(`refuses client data naming another origin: ${origin}`, async () => {
      await refused(() => signIn({ origin }), /origin/);
    });
  }

  it("refuses authenticator data for another RP ID (wrong rpIdHash)", async () => {
    await refused(() => signIn({ rpId: "evil.example" }), /RP ID/i);
  });

  it("refuses a valid signature whose userHandle names another user", async () => {
    const other = await insertUser(ctx);
    await refused(() => signIn({ userHandle: Buffer.from(userHandle(other.id)).toString("base64url") }), UNKNOWN_PASSKEY_MESSAGE);
  });

  it("refuses a challenge the server never issued, or issued for another ceremony", async () => {
    const unknown = crypto.randomBytes(32).toString("base64url");
    await refused(() => finishPasskeySignIn({ response: authenticator.sign({ challenge: unknown }) }, ctx), NO_LONGER_VALID);
    const registration = (await beginPasskeyRegistration(undefined, asUser(ctx, owner.id))).challenge;
    await refused(() => finishPasskeySignIn({ response: authenticator.sign({ challenge: registration }) }, ctx), NO_LONGER_VALID);
  });

  it("refuses the same response twice (the challenge is used up)", async () => {
    const response = authenticator.sign({ challenge: await challenge() });
    await finishPasskeySignIn({ response }, ctx);
    await refused(() => finishPasskeySignIn({ response }, ctx), NO_LONGER_VALID);
  });

  it("refuses a replayed signature counter", async () => {
    const { counter } = await stored();
    await refused(() => signIn({ counter }), /counter/);
    await refused(() => signIn({ counter: counter - 1 }), /counter/);
    expect(await signIn({ counter: counter + 1 })).toEqual({ userId: owner.id });
  });

  it("refuses a tampered signature and a WebAuthn type other than webauthn.get", async () => {
    const response = authenticator.sign({ challenge: await challenge() });
    const signature = Buffer.from(response.response.signature, "base64url");
    signature[signature.length - 1] ^= 0x01;
    const forged = { ...response, response: { ...response.response, signature: signature.toString("base64url") } };
    await refused(() => finishPasskeySignIn({ response: forged }, ctx), /could not be verified/);
    await refused(() => signIn({ type: "webauthn.create" }), /type/);
  });

  it("refuses an assertion without user verification (required by default)", async () => {
    await refused(() => signIn({ userVerified: false }), /user verification/i);
  });

  it("refuses a disabled user's valid assertion without touching the counter", async () => {
    await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, owner.id));
    try {
      await refused(() => signIn(), DISABLED_ACCOUNT_MESSAGE, ForbiddenError);
    } finally {
      await ctx.db.update(users).set({ disabled: false }).where(eq(users.id, owner.id));
    }
  });
});
