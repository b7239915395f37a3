// The embedded data directory's process lock: one holder at a time, released cleanly, and taken over
// at once from a holder on this host whose process is gone (its owner file names a dead pid).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-lock-"));
  dirs.push(dir);
  return dir;
}

/** A lock directory as a process holding it right now leaves it: fresh mtime, owner file inside. */
function plantLock(dir: string, owner: { pid: number; host: string }): void {
  fs.mkdirSync(path.join(dir, "pocket-id.lock"));
  fs.writeFileSync(path.join(dir, "pocket-id.lock", "owner.json"), JSON.stringify(owner));
}

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

describe("data directory lock", () => {
  it("admits one holder, and the next once it is released", async () => {
    const dir = dataDir();
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    expect(fs.existsSync(path.join(dir, "pocket-id.lock"))).toBe(false);
    await (await lockDataDir(dir))();
  });

  it("takes over at once from a holder on this host whose process is gone", async () => {
    const dir = dataDir();
    plantLock(dir, { pid: deadPid(), host: os.hostname() });
    const release = await lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "pocket-id.lock", "owner.json"), "utf8"))).toEqual({ pid: process.pid, host: os.hostname() });
    await release();
  });

  it("waits for a live holder, one on another host, or one it cannot identify", async () => {
    for (const owner of [{ pid: process.ppid, host: os.hostname() }, { pid: deadPid(), host: `not-${os.hostname()}` }, null]) {
      const dir = dataDir();
      if (owner) plantLock(dir, owner);
      else fs.mkdirSync(path.join(dir, "pocket-id.lock"));
      await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    }
  });
});
