import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data directory ${dataDir} is in use by another Pocket ID process. ` +
        "Only one process may open the embedded database: stop the other one, or set DATABASE_URL to use PostgreSQL.",
    );
    this.name = "DataDirLockedError";
  }
}

/** Inside the lock directory: who holds it, so a successor on the same host can see that it died. */
const OWNER_FILE = "owner.json";

// The lock directory holds the owner file: removing it (on release, when stale, at exit) must be recursive.
const removeRecursively = (dir: string) => fs.rmSync(dir, { recursive: true, force: true });
const lockFs = {
  ...fs,
  rmdir: (dir: string, callback: (error: NodeJS.ErrnoException | null) => void) => fs.rm(dir, { recursive: true, force: true }, callback),
  rmdirSync: removeRecursively,
};

/** Data directories this process holds: its own pid in an owner file is then not a leftover. */
const heldHere = new Set<string>();

/**
 * Whether the lock's owner is known to be dead: it ran on this host and its process is gone (or its
 * pid is now this process's, after a container restart). Anything unsure counts as alive.
 */
function ownerIsGone(dir: string, lockPath: string): boolean {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(lockPath, OWNER_FILE), "utf8")) as { pid?: unknown; host?: unknown };
    if (owner.host !== os.hostname() || typeof owner.pid !== "number") return false;
    if (owner.pid === process.pid) return !heldHere.has(dir);
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function takeLock(dir: string, lockPath: string) {
  return lockfile.lock(dir, {
    lockfilePath: lockPath,
    stale: 10_000,
    update: 2_000,
    realpath: false,
    fs: lockFs,
    onCompromised: (error) => {
      // Another process took the directory over: continuing would risk the database.
      process.stderr.write(`level=ERROR msg="Data directory lock lost; exiting" error="${error.message}"\n`);
      process.exit(1);
    },
  });
}

/**
 * Takes the exclusive lock on an embedded data directory. The lock is refreshed while the process
 * lives. After a crash, a process on the same host takes it over at once when the owner's pid is
 * gone; otherwise (another host on a shared volume, an owner file missing) it is considered stale
 * 10 s after the last refresh, so a dead owner never blocks a restart for long.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = path.resolve(dataDir);
  const lockPath = path.join(dir, "pocket-id.lock");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    release = await takeLock(dir, lockPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ELOCKED" || !ownerIsGone(dir, lockPath)) throw error;
      removeRecursively(lockPath);
      return takeLock(dir, lockPath);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dir);
    throw error;
  }
  heldHere.add(dir);
  try {
    // proper-lockfile detects a takeover by the directory's mtime, which writing into it moves: put it back.
    const { atime, mtime } = fs.statSync(lockPath);
    fs.writeFileSync(path.join(lockPath, OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname() }), { mode: 0o600 });
    fs.utimesSync(lockPath, atime, mtime);
  } catch {
    // Without it a successor waits for the lock to go stale instead: slower, never wrong.
  }
  return async () => {
    heldHere.delete(dir);
    await release();
  };
}

export async function isDataDirLocked(dataDir: string): Promise<boolean> {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(dir)) return false;
  return lockfile.check(dir, { lockfilePath: path.join(dir, "pocket-id.lock"), stale: 10_000, realpath: false });
}
