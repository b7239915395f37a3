import postgres from "postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/** Probes PostgreSQL once; suites then run on both engines, or on PGlite alone and say so. */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await client`select 1`;
    project.provide("postgresUrl", url);
    process.stdout.write(`Integration tests run on PostgreSQL (${new URL(url).host}) and PGlite.\n`);
  } catch (error) {
    project.provide("postgresUrl", null);
    process.stdout.write(
      `PostgreSQL is not reachable at ${new URL(url).host} (${(error as Error).message}): ` +
        "integration tests run on PGlite only. Set TEST_DATABASE_URL to include PostgreSQL.\n",
    );
  } finally {
    await client.end({ timeout: 1 });
  }
}
