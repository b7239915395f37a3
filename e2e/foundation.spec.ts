import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, createPostgresDatabase } from "./fixtures/app";

const root = path.resolve(import.meta.dirname, "..");

/** Runs `next start` expecting it to refuse to start; returns its exit code and output. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "--port", "0"], {
      cwd: root,
      env: { PATH: process.env.PATH, NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-prod", ...env } as unknown as NodeJS.ProcessEnv,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

test("embedded database: health answers, a second process on the same DATA_DIR is refused, the CLI goes through the server", async () => {
  const app = await startApp();
  try {
    expect(await (await fetch(`${app.url}/api/health`)).json()).toEqual({ status: "ok" });

    const second = await startExpectingFailure({ DATA_DIR: app.dataDir });
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/data directory .* is in use by another Pocket ID process/);
    // the first server is unharmed
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);

    const migrate = await app.cli(["migrate"]);
    expect(migrate.stderr).toBe("");
    expect(migrate).toMatchObject({ code: 0, stdout: "Database is up to date.\n" });
  } finally {
    await app.stop();
  }
});

test("PostgreSQL database: an empty database is migrated at startup and health answers", async () => {
  const probe = await createPostgresDatabase();
  test.skip(!probe, "no PostgreSQL server reachable (set TEST_DATABASE_URL)");
  await probe!.drop();
  const app = await startApp({ postgres: true });
  try {
    expect(await (await fetch(`${app.url}/api/health`)).json()).toEqual({ status: "ok" });
    expect((await app.cli(["migrate"])).code).toBe(0);
  } finally {
    await app.stop();
  }
});

for (const [name, value, message] of [
  ["LDAP_ENABLED", "maybe", /Invalid environment variable LDAP_ENABLED: must be true or false/],
  ["APP_URL", "notaurl", /Invalid environment variable APP_URL: must be an http\(s\) URL/],
] as const) {
  test(`a bad ${name} stops startup with one line naming it`, async () => {
    const result = await startExpectingFailure({ [name]: value, DATA_DIR: "/tmp/pocket-id-never-used" });
    expect(result.code).toBe(1);
    const lines = result.output.split("\n").filter((line) => line.startsWith("Startup failed"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
}
