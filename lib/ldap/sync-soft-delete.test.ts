// Soft delete across runs: a user who left the directory is disabled once and then left alone by
// every later sync: still there, still disabled, passkeys kept (a bug that hard-deleted users who
// were already disabled passed the single-run tests).
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { insertPasskey } from "@/lib/auth/testing";
import { webauthnCredentials } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { fixtureUserDn } from "./testing/fixtures";
import { fixtureDirectory } from "./testing/fixture-directory";
import { syncedUsers } from "./testing/sync-helpers";

describeEachEngine("LDAP soft delete across runs", (current) => {
  const directory = fixtureDirectory(() => current().ctx, { env: { LDAP_SOFT_DELETE_USERS: "true" } });
  const sync = () => directory.sync();
  const passkeysOf = async (userId: string) =>
    (await current().ctx.db.select({ id: webauthnCredentials.id }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId))).map((row) => row.id);

  it("keeps a user who left disabled, not deleted, with their passkeys, at the second and third sync after leaving", async () => {
    await sync();
    const grace = (await syncedUsers(current().ctx.db)).get("grace")!;
    expect(grace.disabled).toBe(false);
    const passkey = await insertPasskey(current().ctx, grace.id);

    await directory.server.delete(fixtureUserDn("grace", directory.server.suffix));
    expect(await sync()).toMatchObject({ usersDisabled: 1, usersDeleted: 0, stoppedByGuard: false });

    for (const run of ["second", "third"]) {
      const report = await sync();
      expect(report, `${run} sync after leaving`).toMatchObject({ usersDisabled: 0, usersDeleted: 0, usersEnabled: 0, stoppedByGuard: false });
      expect((await syncedUsers(current().ctx.db)).get("grace"), `${run} sync after leaving`).toEqual({ ...grace, disabled: true });
      expect(await passkeysOf(grace.id)).toEqual([passkey]);
    }
  });
});
