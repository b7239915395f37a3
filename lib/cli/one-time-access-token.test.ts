import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { oneTimeAccessTokens } from "@/lib/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { insertUser } from "@/lib/auth/testing";
import { runCommand } from "./run";
import { UsageError } from "./types";

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describeEachEngine("cli one-time-access-token", (use) => {
  it("prints a link valid for one hour for a username or email", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx, { username: "bob", email: "bob@example.com" });
    for (const login of ["bob", "BOB@example.com"]) {
      const { io, out, err } = captureIO();
      expect(await runCommand({ command: "one-time-access-token", args: [login] }, ctx, io)).toBe(0);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^http:\/\/localhost:3000\/lc\/[A-Za-z0-9_-]{43}$/);
      expect(err.join("\n")).toMatch(/valid until .* \(1 hour\), usable once/);
      const [row] = await ctx.db
        .select()
        .from(oneTimeAccessTokens)
        .where(eq(oneTimeAccessTokens.tokenHash, hashToken(out[0].split("/lc/")[1])));
      expect(row.userId).toBe(user.id);
      const minutes = (row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000;
      expect(Math.round(minutes)).toBe(60);
    }
  });

  it("refuses unknown and disabled users with a clear message", async () => {
    const { ctx } = use();
    await insertUser(ctx, { username: "carol", disabled: true });
    const io = captureIO().io;
    await expect(runCommand({ command: "one-time-access-token", args: ["nobody"] }, ctx, io)).rejects.toThrow(
      'No user has the username or email "nobody".',
    );
    await expect(runCommand({ command: "one-time-access-token", args: ["carol"] }, ctx, io)).rejects.toThrow(
      'User "carol" is disabled: enable the account before creating a login link.',
    );
    await expect(runCommand({ command: "one-time-access-token", args: [] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
  });
});
