// Session locks: exclusive per name, free again on release, and on PostgreSQL dropped by the server
// when the holder's connection closes (what a killed process leaves behind).
import { expect, it, vi } from "vitest";
import { openDatabase, type Db } from "./client";
import { describeEachEngine } from "./testing";
import { trySessionLock } from "./session-lock";

describeEachEngine("session locks", (current, engine) => {
  const db = () => current().database.db as Db;

  it("admits one holder per name until it releases", async () => {
    const lock = await trySessionLock(db(), engine, "lock-test:a");
    expect(lock).not.toBeNull();
    expect(await trySessionLock(db(), engine, "lock-test:a")).toBeNull();
    const other = await trySessionLock(db(), engine, "lock-test:b");
    expect(other).not.toBeNull();
    await lock!.check();
    await lock!.release();
    const again = await trySessionLock(db(), engine, "lock-test:a");
    expect(again).not.toBeNull();
    await Promise.all([again!.release(), other!.release()]);
  });

  if (engine === "postgres") {
    it("is free once the holding process's connections are gone", async () => {
      const otherProcess = await openDatabase({ databaseUrl: current().database.databaseUrl, maxConnections: 2 });
      const held = await trySessionLock(otherProcess.db, engine, "lock-test:crash");
      expect(held).not.toBeNull();
      expect(await trySessionLock(db(), engine, "lock-test:crash")).toBeNull();
      await otherProcess.close();
      const taken = await vi.waitFor(async () => (await trySessionLock(db(), engine, "lock-test:crash")) ?? Promise.reject(new Error("still held")), { timeout: 5_000, interval: 50 });
      await taken.release();
    });
  } else {
    it("is one lock per process however many bundles load this module", async () => {
      const held = await trySessionLock(db(), engine, "lock-test:bundles");
      vi.resetModules();
      const another = await import("./session-lock");
      expect(another.trySessionLock).not.toBe(trySessionLock);
      expect(await another.trySessionLock(db(), engine, "lock-test:bundles")).toBeNull();
      await held!.release();
    });
  }
});
