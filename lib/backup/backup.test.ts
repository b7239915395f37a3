// Export → import across engines (PostgreSQL → PGlite and PGlite → PostgreSQL, by file; PGlite →
// PostgreSQL by migrate-to-postgres): every exported table equal row for row, the left-out rows
// absent, the restored passkey signs in, the restored session is valid, the secrets decrypt.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { queryRows, type Engine } from "@/lib/db/client";
import { availableEngines, createTestDatabase, testContext, type TestDatabase } from "@/lib/db/testing";
import { readStoredSettings } from "@/lib/config";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/auth/sign-in";
import { validateSession } from "@/lib/auth/sessions";
import { ConflictError, ValidationError } from "@/lib/errors";
import { exportState } from "./export";
import type { ExportRecord } from "./format";
import { readExportFile, writeExportFile } from "./file";
import { importState } from "./import";
import { moveToPostgres } from "./move";
import { EXPORTED_TABLES, SKIPPED_TABLES, tableName } from "./tables";
import { seedState, tableRows, type SeededState } from "./testing";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-backup-test-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const exportFile = (ctx: AppContext, file: string) => writeExportFile(file, (emit) => exportState(ctx, emit));
const count = async (ctx: AppContext, table: string) => Number((await queryRows<{ n: string }>(ctx.db, sql.raw(`select count(*)::text as n from ${table}`)))[0].n);

type Route = { from: Engine; to: Engine; via: "file" | "migrate-to-postgres" };
const routes: Route[] = availableEngines().includes("postgres")
  ? [
      { from: "postgres", to: "pglite", via: "file" },
      { from: "pglite", to: "postgres", via: "file" },
      { from: "pglite", to: "postgres", via: "migrate-to-postgres" },
    ]
  : [{ from: "pglite", to: "pglite", via: "file" }];

for (const route of routes) {
  describe(`restore ${route.from} → ${route.to} by ${route.via}`, () => {
    let source: TestDatabase;
    let target: TestDatabase;
    let sourceCtx: AppContext;
    let targetCtx: AppContext;
    let seeded: SeededState;

    beforeAll(async () => {
      [source, target] = await Promise.all([createTestDatabase(route.from), createTestDatabase(route.to)]);
      sourceCtx = testContext(source);
      targetCtx = testContext(target, { encryptionKey: sourceCtx.encryptionKey });
      seeded = await seedState(sourceCtx);
      if (route.via === "migrate-to-postgres") {
        await moveToPostgres({ databaseUrl: target.databaseUrl! }, sourceCtx);
      } else {
        const file = path.join(work, `${route.from}-${route.to}.jsonl.gz`);
        await exportFile(sourceCtx, file);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        await importState({ records: readExportFile(file) }, targetCtx);
      }
    });
    afterAll(async () => Promise.all([source?.dispose(), target?.dispose()]));

    it("restores every exported table row for row", async () => {
      for (const exported of EXPORTED_TABLES) {
        const expected = await tableRows(sourceCtx, exported, true);
        expect(expected.length, tableName(exported.table)).toBeGreaterThan(0);
        expect(await tableRows(targetCtx, exported, false), tableName(exported.table)).toEqual(expected);
      }
    });

    it("leaves out expired sessions, used and expired links, running jobs, expired OIDC artefacts and challenges", async () => {
      expect(await count(targetCtx, "sessions")).toBe((await count(sourceCtx, "sessions")) - 1);
      expect(await count(targetCtx, "one_time_access_tokens")).toBe((await count(sourceCtx, "one_time_access_tokens")) - 2);
      expect(await count(targetCtx, "job_runs where status = 'running'")).toBe(0);
      expect(await count(targetCtx, "oidc_payloads where type = 'AuthorizationCode'")).toBe(0);
      for (const table of Object.keys(SKIPPED_TABLES)) expect(await count(targetCtx, table), table).toBe(0);
    });

    it("counts the restored users for the users list, per source, status and role", async () => {
      const perCombination = (ctx: AppContext, query: string) => queryRows(ctx.db, sql.raw(`${query} order by 1, 2, 3`));
      const actual = "select ldap_id is not null as ldap, disabled, is_admin, count(*)::int as n from users group by 1, 2, 3";
      const counted = "select is_ldap as ldap, disabled, is_admin, sum(delta)::int as n from user_counts group by 1, 2, 3 having sum(delta) <> 0";
      expect(await perCombination(targetCtx, counted)).toEqual(await perCombination(sourceCtx, actual));
    });

    it("keeps secrets encrypted and readable with the same key, and the session valid", async () => {
      expect(await count(targetCtx, "app_config where encrypted and value not like '%bind secret%'")).toBe(1);
      expect((await readStoredSettings(targetCtx)).LDAP_BIND_PASSWORD).toBe("bind secret");
      expect(await validateSession(seeded.sessionToken, targetCtx)).toMatchObject({ userId: seeded.owner.id });
    });

    it("signs the restored passkey in", async () => {
      const { challenge } = await beginPasskeySignIn({ clientAddress: "192.0.2.10" }, targetCtx);
      expect(await finishPasskeySignIn({ response: seeded.authenticator.sign({ challenge }) }, targetCtx)).toEqual({ userId: seeded.owner.id });
    });

    it("refuses to import into a database that holds data, and changes nothing", async () => {
      const file = path.join(work, `again-${route.from}-${route.to}.jsonl.gz`);
      await exportFile(sourceCtx, file);
      const users = await count(targetCtx, "users");
      const refused = await importState({ records: readExportFile(file) }, targetCtx).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as Error).message).toMatch(/not empty \(rows in users, user_groups/);
      expect(await count(targetCtx, "users")).toBe(users);
    });
  });
}

describe("import refusals", () => {
  const engine = availableEngines()[0];
  let source: TestDatabase;
  let target: TestDatabase;
  let sourceCtx: AppContext;
  const file = path.join(work, "refusals.jsonl.gz");

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(engine), createTestDatabase("pglite")]);
    sourceCtx = testContext(source);
    await seedState(sourceCtx, 5);
    await exportFile(sourceCtx, file);
  });
  afterAll(async () => Promise.all([source?.dispose(), target?.dispose()]));

  /** Imports into the one empty target; returns the error and how many users the target holds after. */
  async function attempt(records: () => AsyncIterable<ExportRecord>, key = sourceCtx.encryptionKey) {
    const ctx = testContext(target, { encryptionKey: key });
    const error = await importState({ records: records() }, ctx).catch((reason: unknown) => reason);
    return { error: error as Error, users: await count(ctx, "users") };
  }

  async function* edited(edit: (header: Record<string, unknown>) => void) {
    for await (const record of readExportFile(file)) {
      if (record.kind === "header") edit(record.header as unknown as Record<string, unknown>);
      yield record;
    }
  }

  it("refuses another encryption key, naming ENCRYPTION_KEY and the key file", async () => {
    const { error, users } = await attempt(() => readExportFile(file), crypto.randomBytes(32));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/encryption key.*ENCRYPTION_KEY.*encryption\.key/s);
    expect(users).toBe(0);
  });

  it("refuses an export from a newer or an older schema", async () => {
    const newer = await attempt(() => edited((header) => (header.schema = { when: Date.now() * 2, tag: "9999_future" })));
    expect(newer.error.message).toMatch(/newer Pocket ID \(schema 9999_future; this one is at \d{4}_\w+\)\. Upgrade Pocket ID/);
    expect(newer.users).toBe(0);
    const older = await attempt(() => edited((header) => (header.schema = { when: 1, tag: "0000_init" })));
    expect(older.error.message).toMatch(/older Pocket ID \(schema 0000_init; this one is at \d{4}_/);
  });

  it("refuses a file cut short or that is not an export, and leaves the database empty", async () => {
    const bytes = fs.readFileSync(file);
    const cut = path.join(work, "cut.jsonl.gz");
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const truncated = await attempt(() => readExportFile(cut));
    expect(truncated.error).toBeInstanceOf(ValidationError);
    expect(truncated.error.message).toMatch(/not a complete gzip'd Pocket ID export|incomplete/);
    expect(truncated.users).toBe(0);
    const plain = path.join(work, "plain.txt");
    fs.writeFileSync(plain, "hello\n");
    expect((await attempt(() => readExportFile(plain))).error.message).toMatch(/not a complete gzip'd Pocket ID export/);
  });

  it("leaves no file behind when an export fails", async () => {
    const target = path.join(work, "failed.jsonl.gz");
    const failing = writeExportFile(target, (emit) => exportState({ ...sourceCtx, actor: null }, emit));
    await expect(failing).rejects.toThrow(/Sign in/);
    expect(fs.readdirSync(work).filter((name) => name.startsWith("failed"))).toEqual([]);
  });
});
