// A pooled connection can be dead without the pool knowing: PostgreSQL restarted, a failover, an
// idle connection killed by an administrator or a proxy. The next statement sent on it fails with
// the server's parting message (57P01) or CONNECTION_CLOSED. Such a statement is sent once more, on
// a fresh connection, when running it twice cannot do harm; otherwise the error stands.
import type postgres from "postgres";

/** The server ended the session: whatever the statement was, it did not commit. */
const SESSION_ENDED = new Set(["57P01", "57P02", "57P03"]);
/** The connection broke: a statement may or may not have run, so only reads are retried. */
const CONNECTION_LOST = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "ECONNRESET", "EPIPE"]);

const isRead = (statement: string) => /^\s*select\b/i.test(statement);

/** Whether a statement that failed with `error` may be sent again. */
export function isRetryable(error: unknown, statement: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return SESSION_ENDED.has(code) || (CONNECTION_LOST.has(code) && isRead(statement));
}

async function once<T>(run: () => Promise<T>, retryable: (error: unknown) => boolean): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!retryable(error)) throw error;
    return run();
  }
}

type Unsafe = postgres.Sql["unsafe"];

/**
 * `client` with single retries for what drizzle sends outside transactions (`unsafe`, awaited or
 * `.values()`). Statements inside a transaction are never retried: the transaction fails as a
 * whole and nothing of it is kept.
 */
export function withReconnectRetry(client: postgres.Sql): postgres.Sql {
  const unsafe = ((query: string, params?: unknown[], options?: unknown) => {
    const run = (values: boolean) =>
      once(
        () => {
          const pending = client.unsafe(query, params as never, options as never);
          return values ? pending.values() : pending;
        },
        (error) => isRetryable(error, query),
      );
    // Lazy like postgres.js's own pending query: nothing is sent until it is awaited.
    let rows: Promise<unknown> | undefined;
    const started = () => (rows ??= run(false));
    return {
      then: (resolve: (value: unknown) => unknown, reject?: (reason: unknown) => unknown) => started().then(resolve, reject),
      catch: (reject: (reason: unknown) => unknown) => started().catch(reject),
      finally: (done: () => void) => started().finally(done),
      values: () => run(true),
    };
  }) as unknown as Unsafe;

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") return unsafe;
      return Reflect.get(target, property, receiver);
    },
  });
}
