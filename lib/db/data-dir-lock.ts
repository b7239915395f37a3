import "server-only";
import fs from "node:fs";
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

/**
 * Takes the exclusive lock on an embedded data directory. The lock is refreshed while the process
 * lives and is considered stale 10 s after a crash, so a dead owner never blocks a restart for long.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    return await lockfile.lock(dir, {
      lockfilePath: path.join(dir, "pocket-id.lock"),
      stale: 10_000,
      update: 2_000,
      realpath: false,
      onCompromised: (error) => {
        // Another process took the directory over: continuing would risk the database.
        process.stderr.write(`level=ERROR msg="Data directory lock lost; exiting" error="${error.message}"\n`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dir);
    throw error;
  }
}

export async function isDataDirLocked(dataDir: string): Promise<boolean> {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(dir)) return false;
  return lockfile.check(dir, { lockfilePath: path.join(dir, "pocket-id.lock"), stale: 10_000, realpath: false });
}
