// Every workaround for a database driver behaviour, in one place. Each says what it guards against,
// where it is proven, and how to drop it. Code outside lib/db asks for these by purpose, never
// re-implements them.
//
// postgres.js 3.4 threw from a timer when a query was scheduled as its socket closed, hung a failed
// COPY and kept a dead socket's queries; this project patched it until 4.2 fixed all three upstream
// (lib/db/driver.reliability.test.ts proves them on every run). The two behaviours below were seen
// on 3.4 and cannot be reproduced cheaply on 4.2: drop each helper when e2e/reliability.spec.ts
// passes without it, repeatedly.
import "server-only";

/**
 * A read that must not mistake a dead connection for "no such row": postgres.js can answer a query
 * whose connection is killed mid-flight with an empty result (seen 1 in 60 runs of the connection
 * storm in e2e/reliability.spec.ts). Reads once more before believing the empty answer.
 */
export async function readConfirmingAbsence<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  return (await read()) ?? (await read());
}

/**
 * A statement that must answer in time: while PostgreSQL restarts, postgres.js can keep a query
 * waiting for a connection until the server is back (porsager/postgres#1193). Rejects after `ms`.
 */
export function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
