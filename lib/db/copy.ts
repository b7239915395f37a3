// COPY ... FROM STDIN, the fastest way into a table: at 100,000 users it loads in half the time
// of one jsonb parameter per chunk. drizzle has no COPY, so this reaches the driver under the
// transaction: postgres.js streams the text, PGlite reads it as one blob.
import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Tx } from "./helpers";

export type CopyValue = string | boolean | null;

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const SPECIAL = /[\\\t\n\r]/;

/** One field in COPY's text format: \N is null; backslash, tab, newline and carriage return are escaped. */
export function copyField(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  // Testing first: most values need no escape, and replace() with a callback costs 4× more.
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

/** Lines of COPY text, a few thousand rows per string so neither side handles millions of tiny writes. */
function* copyText(rows: readonly CopyValue[][], rowsPerChunk = 2_000): Generator<string> {
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    let chunk = "";
    for (const row of rows.slice(start, start + rowsPerChunk)) chunk += row.map(copyField).join("\t") + "\n";
    yield chunk;
  }
}

interface PostgresJsClient {
  unsafe(query: string): { writable(): Promise<NodeJS.WritableStream> };
}
interface PgliteClient {
  query(query: string, params: unknown[], options: { blob: Blob }): Promise<{ affectedRows?: number }>;
}

/**
 * Inserts `rows` (values in `columns` order) with COPY inside the transaction `tx`; returns the
 * row count. `table` and `columns` are trusted identifiers, never user input.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: readonly CopyValue[][]): Promise<number> {
  if (!rows.length) return 0;
  const target = `${table} (${columns.join(", ")})`;
  // Both drizzle transactions keep the driver's transaction handle as session.client.
  const client = (tx as unknown as { session?: { client?: PostgresJsClient | PgliteClient } }).session?.client;
  if (!client || !("unsafe" in client || "query" in client)) throw new Error("copyRows needs a drizzle transaction on postgres.js or PGlite.");
  if ("unsafe" in client) {
    await pipeline(Readable.from(copyText(rows)), await client.unsafe(`copy ${target} from stdin`).writable());
    return rows.length;
  }
  const result = await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...copyText(rows)]) });
  return result.affectedRows ?? rows.length;
}
