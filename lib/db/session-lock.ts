// A lock that dies with the process holding it, so others can tell a live holder from a dead one at
// once. PostgreSQL: a session advisory lock on a pooled connection reserved until release; the server
// drops it the moment that connection closes (process killed, host gone). PGlite: the process owns
// the data directory alone (lib/db/data-dir-lock.ts), so a lock kept in this process's memory is the
// whole truth, and a new process starts with none held.
import "server-only";
import type { ReservedSql, Sql } from "postgres";
import type { Db, Engine } from "./client";

export interface SessionLock {
  /** Rejects when the lock's connection is gone; each call also keeps it from idling out. */
  check(): Promise<void>;
  release(): Promise<void>;
}

// The two-key form keeps these apart from the migration lock's one-key space; the first key names this app.
const LOCK_NAMESPACE = 0x706964;

// The lock names held in this process per embedded database (a PGlite instance). On globalThis:
// Next.js loads this module in several bundles (the scheduler's, the routes'), which must see one set.
const heldKey = Symbol.for("pocket-id.session-locks");
type Holder = { [heldKey]?: WeakMap<object, Set<string>> };
const heldInProcess = ((globalThis as Holder)[heldKey] ??= new WeakMap());

function driverClient(db: Db): object {
  const client = (db as unknown as { $client?: object }).$client;
  if (!client) throw new Error("Session locks need the database handle itself, not a transaction");
  return client;
}

async function tryAdvisoryLock(client: Sql, name: string): Promise<SessionLock | null> {
  const connection: ReservedSql = await client.reserve();
  try {
    const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${name})) as locked`;
    if (!locked) {
      connection.release();
      return null;
    }
  } catch (error) {
    connection.release();
    throw error;
  }
  return {
    async check() {
      await connection`select 1`;
    },
    async release() {
      // A connection that broke has lost the lock already; a live one goes back to the pool unlocked.
      await connection`select pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${name}))`.catch(() => {});
      connection.release();
    },
  };
}

function tryProcessLock(client: object, name: string): SessionLock | null {
  let held = heldInProcess.get(client);
  if (!held) heldInProcess.set(client, (held = new Set()));
  if (held.has(name)) return null;
  held.add(name);
  return {
    async check() {},
    async release() {
      held.delete(name);
    },
  };
}

/** Takes the lock `name`, or returns null while another process (or caller) holds it. */
export async function trySessionLock(db: Db, engine: Engine, name: string): Promise<SessionLock | null> {
  const client = driverClient(db);
  return engine === "postgres" ? tryAdvisoryLock(client as Sql, name) : tryProcessLock(client, name);
}
