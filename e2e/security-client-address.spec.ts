// Without a declared reverse proxy (TRUST_PROXY unset) the client address is the connection's:
// a forged X-Forwarded-For neither changes the address recorded with a session nor gives a client a
// fresh sign-in rate-limit bucket.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, test } from "@playwright/test";
import { generateToken, hashToken } from "../lib/auth/tokens";
import { oneTimeAccessTokens, sessions, users } from "../lib/db/schema";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { serverActionId } from "./fixtures/server-action";

let env: AppWithDatabase;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  env = await startAppWithDatabase();
});
test.afterAll(() => env?.stop());

const forged = () => `198.18.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`;

async function postAction(path: string, actionId: string, args: unknown[], headers: Record<string, string>) {
  return fetch(`${env.app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: env.app.url, ...headers },
    body: JSON.stringify(args),
  });
}

test("a forged X-Forwarded-For (and a forged peer header) does not change the address recorded with the session", async () => {
  const [user] = await env.db.insert(users).values({ username: "dana", firstName: "Dana", displayName: "Dana" }).returning({ id: users.id });
  const token = generateToken();
  await env.db.insert(oneTimeAccessTokens).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
  const response = await postAction("/lc", serverActionId("consumeLoginLinkAction", "app/lc/actions.ts"), [], {
    cookie: `pocket_id_login_link=${token}`,
    "X-Forwarded-For": "198.51.100.9",
    "X-Pocket-Id-Peer-Address": "198.51.100.10",
  });
  expect(response.headers.get("x-action-redirect")).toMatch(/^\/settings\/account/);
  const [session] = await env.db.select({ ipAddress: sessions.ipAddress }).from(sessions).where(eq(sessions.userId, user.id));
  expect(session.ipAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
});

test("forging a different X-Forwarded-For on each of 40 parallel sign-in attempts does not get past the limit", async () => {
  const finishSignIn = serverActionId("finishSignInAction", "app/login/actions.ts");
  const assertion = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };
  const statuses = await Promise.all(
    Array.from({ length: 40 }, async () => {
      const response = await postAction("/login", finishSignIn, [{ response: assertion }], { "X-Forwarded-For": forged() });
      return /"status":(\d{3})/.exec(await response.text())?.[1] ?? `HTTP ${response.status}`;
    }),
  );
  const tally = statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  expect(tally).toEqual({ 401: 10, 429: 30 });
});
