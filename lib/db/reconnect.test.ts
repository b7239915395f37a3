// Dead pooled connections: reads and transactions that have not started go through on a fresh
// connection; anything that might have run already is left failed.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "./client";
import { isRetryable } from "./reconnect";
import { createTestDatabase, testPostgresUrl, type TestDatabase } from "./testing";

describe("isRetryable", () => {
  const terminated = { code: "57P01" };
  const closed = { code: "CONNECTION_CLOSED" };
  it("retries any statement the server ended its session on (it did not commit)", () => {
    expect(isRetryable(terminated, "select 1")).toBe(true);
    expect(isRetryable(terminated, "insert into users (username) values ($1)")).toBe(true);
  });
  it("retries only reads when the connection broke (a write may have run)", () => {
    expect(isRetryable(closed, ' select "id" from "users"')).toBe(true);
    expect(isRetryable({ code: "ECONNRESET" }, "SELECT 1")).toBe(true);
    expect(isRetryable(closed, "update users set disabled = true")).toBe(false);
    expect(isRetryable(closed, "delete from sessions where id = $1")).toBe(false);
  });
  it("never retries statement errors", () => {
    expect(isRetryable({ code: "23505" }, "select 1")).toBe(false);
    expect(isRetryable(new Error("boom"), "select 1")).toBe(false);
    expect(isRetryable(null, "select 1")).toBe(false);
  });
});

const adminUrl = testPostgresUrl();

describe.skipIf(!adminUrl)("connections killed while idle (PostgreSQL only: PGlite has no connections to lose)", () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  let name: string;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    name = new URL(database.databaseUrl!).pathname.slice(1);
  });
  afterAll(async () => {
    await admin?.end();
    await database?.dispose();
  });

  /** Opens several pooled connections, then has the server end every one of them. */
  async function killIdleConnections(): Promise<number> {
    await Promise.all(Array.from({ length: 4 }, () => database.db.execute(sql`select pg_sleep(0.05)`)));
    const [{ killed }] = await admin<{ killed: number }[]>`
      select count(pg_terminate_backend(pid))::int as killed from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    await expect.poll(async () => (await admin`select 1 from pg_stat_activity where datname = ${name}`).length).toBe(0);
    return killed;
  }

  it("answers reads on the next attempt", async () => {
    expect(await killIdleConnections()).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 8; i++) expect(await queryRows<{ n: number }>(database.db, sql`select ${i}::int as n`)).toEqual([{ n: i }]);
    const users = await database.db.query.users.findMany({ limit: 1 });
    expect(users).toEqual([]);
  });

  it("runs transactions as usual once its connections were killed", async () => {
    expect(await killIdleConnections()).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 4; i++) {
      const inserted = await database.db.transaction(async (tx) => queryRows<{ id: string }>(tx, sql`insert into users (username) values (${`after-kill-${i}`}) returning id`));
      expect(inserted).toHaveLength(1);
    }
    expect(await queryRows(database.db, sql`select 1 from users where username like 'after-kill-%'`)).toHaveLength(4);
  });
});
