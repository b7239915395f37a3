// The commands as an operator runs them: `pocket-id export/import/migrate-to-postgres` in their own
// process against embedded data directories (and PostgreSQL when it is available).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { startLocalChannel } from "@/lib/cli/channel";
import { runCommand } from "@/lib/cli/run";
import { loadEncryptionKey } from "@/lib/config/secrets";
import { openDatabase } from "@/lib/db/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { migrateDatabase } from "@/lib/db/migrate";
import { testContext, testPostgresUrl } from "@/lib/db/testing";
import { seedState } from "./testing";

const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-backup-cli-"));
const ENCRYPTION_KEY = crypto.randomBytes(24).toString("base64");

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Started from the work directory: a relative FILE is the caller's, not the project root's.
    const child = spawn(process.execPath, [path.join(root, "lib/cli/bin.mjs"), ...args], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCRYPTION_KEY, ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe("pocket-id export / import / migrate-to-postgres", () => {
  const source = path.join(work, "source");
  const restored = path.join(work, "restored");

  beforeAll(async () => {
    const database = await openDatabase({ dataDir: source });
    try {
      await migrateDatabase(database);
      await seedState(testContext(database, { encryptionKey: loadEncryptionKey({ ENCRYPTION_KEY, DATA_DIR: source }) }), 3);
    } finally {
      await database.close();
    }
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("exports to a path relative to the caller and imports into a new data directory", async () => {
    const exported = await cli(["export", "backup.jsonl.gz"], { DATA_DIR: source });
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Exported 4 users \(\d+ rows\) to .*backup\.jsonl\.gz in/) });
    expect(exported.stderr).toContain("Exported users: 4 rows");
    expect(fs.existsSync(path.join(work, "backup.jsonl.gz"))).toBe(true);

    const imported = await cli(["import", "backup.jsonl.gz"], { DATA_DIR: restored });
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported 4 users/) });
    expect(imported.stderr).toContain("Imported webauthn_credentials: 2 rows");
  });

  it("hands an export to the running server, which writes the file where the caller said", async () => {
    const release = await lockDataDir(source);
    const database = await openDatabase({ dataDir: source });
    const channel = await startLocalChannel(source, testContext(database, { encryptionKey: loadEncryptionKey({ ENCRYPTION_KEY, DATA_DIR: source }) }), runCommand);
    try {
      const exported = await cli(["export", "while-running.jsonl.gz"], { DATA_DIR: source });
      expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Exported 4 users/) });
      expect(fs.existsSync(path.join(work, "while-running.jsonl.gz"))).toBe(true);
    } finally {
      await new Promise((resolve) => channel.close(resolve));
      await database.close();
      await release();
    }
  });

  it("refuses a second import into the same database", async () => {
    const again = await cli(["import", "backup.jsonl.gz"], { DATA_DIR: restored });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The target database is not empty \(rows in users/);
  });

  it("refuses import and migrate-to-postgres while a server holds the data directory", async () => {
    const release = await lockDataDir(restored);
    try {
      for (const args of [["import", "backup.jsonl.gz"], ["migrate-to-postgres", "postgres://nobody@127.0.0.1:1/none"]]) {
        const refused = await cli(args, { DATA_DIR: restored });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(`${args[0]} needs the database to itself: stop the server, then run it again.`);
      }
    } finally {
      await release();
    }
  });

  const adminUrl = testPostgresUrl();
  if (adminUrl) {
    it("moves the embedded database into an empty PostgreSQL database", async () => {
      const name = `pocket_id_move_${crypto.randomBytes(4).toString("hex")}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      try {
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        url.password = "not-needed-with-trust";
        const moved = await cli(["migrate-to-postgres", url.toString()], { DATA_DIR: restored });
        expect(moved.code, moved.stderr).toBe(0);
        expect(moved.stdout).toMatch(/^Copied 4 users/);
        expect(moved.stdout).toContain("Next: set DATABASE_URL");
        expect(moved.stdout).not.toContain("not-needed-with-trust");
        const target = postgres(url.toString(), { max: 1, onnotice: () => {} });
        const [{ users }] = await target`select count(*)::int as users from users`.finally(() => target.end());
        expect(users).toBe(4);
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    });
  }
});
