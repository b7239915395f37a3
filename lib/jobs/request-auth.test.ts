import { describe, expect, it } from "vitest";
import { serverEnvSchema } from "@/lib/config/server-env";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import type { Actor, AppContext } from "@/lib/context";
import { bearerToken, bearerTokenMatches } from "@/lib/http/bearer";
import { resolveJobCaller } from "./request-auth";

const SECRET = "a-cron-secret-of-some-length";
const base = (cronSecret?: string) =>
  ({ server: serverEnvSchema.parse({ CRON_SECRET: cronSecret }), actor: null }) as unknown as AppContext;
const admin: Actor = { userId: "u1", isAdmin: true, kind: "user" };
const member: Actor = { userId: "u2", isAdmin: false, kind: "user" };
const session = (actor: Actor | null) => async () => actor;

describe("bearer secret comparison", () => {
  it("accepts the exact secret and refuses anything else", () => {
    expect(bearerTokenMatches(SECRET, SECRET)).toBe(true);
    expect(bearerTokenMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(bearerTokenMatches(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(bearerTokenMatches(SECRET.toUpperCase(), SECRET)).toBe(false);
    expect(bearerTokenMatches("", SECRET)).toBe(false);
  });

  it("refuses every token when no secret is configured", () => {
    expect(bearerTokenMatches("", undefined)).toBe(false);
    expect(bearerTokenMatches("anything", undefined)).toBe(false);
  });

  it("reads the token of a Bearer header only", () => {
    expect(bearerToken(`Bearer ${SECRET}`)).toBe(SECRET);
    expect(bearerToken(`bearer  ${SECRET} `)).toBe(SECRET);
    expect(bearerToken(`Basic ${SECRET}`)).toBeNull();
    expect(bearerToken("Bearer two words")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("job endpoint callers", () => {
  it("lets `Authorization: Bearer $CRON_SECRET` in as the system, recorded as an API run", async () => {
    const caller = await resolveJobCaller(`Bearer ${SECRET}`, base(SECRET), session(null));
    expect(caller.trigger).toBe("api");
    expect(caller.ctx.actor).toMatchObject({ kind: "system", isAdmin: true });
  });

  it("refuses a wrong, malformed or unconfigured token with 401, even next to an admin session", async () => {
    for (const [header, secret] of [
      ["Bearer wrong-token-wrong-token", SECRET],
      [`Basic ${SECRET}`, SECRET],
      ["Bearer", SECRET],
      [`Bearer ${SECRET}`, undefined],
    ] as const) {
      await expect(resolveJobCaller(header, base(secret), session(admin))).rejects.toBeInstanceOf(UnauthenticatedError);
    }
  });

  it("without a token: administrators pass, others get 403, anonymous callers 401", async () => {
    const caller = await resolveJobCaller(null, base(SECRET), session(admin));
    expect(caller).toMatchObject({ trigger: "manual", ctx: { actor: admin } });
    await expect(resolveJobCaller(null, base(SECRET), session(member))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resolveJobCaller(null, base(SECRET), session(null))).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
