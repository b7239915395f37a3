// Test fixtures for identity tests: users and passkeys inserted straight into the database.
import crypto from "node:crypto";
import { users, webauthnCredentials, type NewUser } from "@/lib/db/schema";
import { withActor, type AppContext } from "@/lib/context";

export async function insertUser(ctx: AppContext, overrides: Partial<NewUser> = {}): Promise<{ id: string; username: string }> {
  const username = overrides.username ?? `user-${crypto.randomBytes(4).toString("hex")}`;
  const [row] = await ctx.db
    .insert(users)
    .values({ username, firstName: "Test", lastName: "User", displayName: "Test User", ...overrides })
    .returning({ id: users.id, username: users.username });
  return row;
}

/** A stored credential row (not a real key: for tests that never verify a signature). */
export async function insertPasskey(ctx: AppContext, userId: string, name = "Passkey"): Promise<string> {
  const [row] = await ctx.db
    .insert(webauthnCredentials)
    .values({ userId, name, credentialId: crypto.randomBytes(16).toString("base64url"), publicKey: crypto.randomBytes(77) })
    .returning({ id: webauthnCredentials.id });
  return row.id;
}

export function asUser(ctx: AppContext, userId: string, isAdmin = false): AppContext {
  return withActor(ctx, { userId, isAdmin, kind: "user" });
}
