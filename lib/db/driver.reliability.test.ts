// postgres.js (4.2 fixes what 3.4 needed a patch for): a connection whose backend dies must fail
// its queries with a catchable error, never throw from a timer (which would end the server
// process), and a failed COPY must reject and roll back instead of hanging its transaction.
// vitest fails the run on any uncaught exception, so each test also proves there was none.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableEngines, createTestDatabase, type TestDatabase } from "./testing";

const onPostgres = availableEngines().includes("postgres");

describe.runIf(onPostgres)("postgres.js driver after its backend is terminated", () => {
  let database: TestDatabase;
  let sql: postgres.Sql;
  let killer: postgres.Sql;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    sql = postgres(database.databaseUrl!, { max: 2, onnotice: () => {} });
    killer = postgres(database.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await Promise.all([sql?.end({ timeout: 5 }), killer?.end({ timeout: 5 })]);
    await database?.dispose();
  });
  const terminate = (pid: number) => killer`select pg_terminate_backend(${pid})`;

  it("rejects every later query on a reserved connection whose backend died (upstream #1208: an uncaught TypeError)", async () => {
    const reserved = await sql.reserve();
    const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await terminate(pid);
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(reserved`select 1`).rejects.toThrow();
    }
    reserved.release();
    // The pool itself carries on.
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });

  it("rejects a COPY the server refuses and rolls its transaction back (upstream #1173: it hung forever)", async () => {
    await sql`create table copy_target (name text primary key)`;
    const failed = sql.begin(async (tx) => {
      await tx`insert into copy_target values ('kept only if committed')`;
      const writable = await tx`copy copy_target (name) from stdin`.writable();
      writable.end("twice\ntwice\n");
      await new Promise((resolve, reject) => writable.on("finish", resolve).on("error", reject));
    });
    await expect(failed).rejects.toThrow(/duplicate key/);
    expect(await sql`select count(*)::int as n from copy_target`).toEqual([{ n: 0 }]);
    // Nothing is left idle in an aborted transaction.
    const stuck = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'`;
    expect(stuck).toEqual([{ n: 0 }]);
  });

  it("fails a COPY whose connection is killed mid-stream instead of hanging", async () => {
    await sql`create table copy_killed (name text)`;
    const failed = sql.begin(async (tx) => {
      const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      // As lib/db/copy.ts streams: pipeline() listens for the stream's error from the start.
      async function* rows() {
        yield "first\n";
        await terminate(pid);
        for (let i = 0; i < 1000; i++) yield `row ${i}\n`;
      }
      await pipeline(Readable.from(rows()), await tx`copy copy_killed (name) from stdin`.writable());
    });
    await expect(failed).rejects.toThrow();
    expect(await sql`select count(*)::int as n from copy_killed`).toEqual([{ n: 0 }]);
  });
});
