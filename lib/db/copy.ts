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

/** Rows in COPY's text format, encoded: a sync's worker thread transfers the chunks instead of cloning millions of values. */
export interface CopyData {
  /** About CHUNK_BYTES each, every one with its own ArrayBuffer (transferable). */
  chunks: Uint8Array<ArrayBuffer>[];
  rows: number;
}

const CHUNK_BYTES = 1 << 20;

/** Encodes rows (values in column order) as COPY text, a megabyte per chunk so neither side handles millions of tiny writes. */
export function encodeCopyRows(rows: Iterable<readonly CopyValue[]>): CopyData {
  const encoder = new TextEncoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let text = "";
  let count = 0;
  for (const row of rows) {
    text += row.map(copyField).join("\t") + "\n";
    count++;
    if (text.length >= CHUNK_BYTES) {
      chunks.push(encoder.encode(text));
      text = "";
    }
  }
  if (text) chunks.push(encoder.encode(text));
  return { chunks, rows: count };
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
export function copyRows(tx: Tx, table: string, columns: readonly string[], rows: readonly CopyValue[][]): Promise<number> {
  return copyData(tx, table, columns, encodeCopyRows(rows));
}

/** COPY of rows encoded by encodeCopyRows, inside the transaction `tx`; returns the row count. */
export async function copyData(tx: Tx, table: string, columns: readonly string[], data: CopyData): Promise<number> {
  if (!data.rows) return 0;
  const target = `${table} (${columns.join(", ")})`;
  // Both drizzle transactions keep the driver's transaction handle as session.client.
  const client = (tx as unknown as { session?: { client?: PostgresJsClient | PgliteClient } }).session?.client;
  if (!client || !("unsafe" in client || "query" in client)) throw new Error("copyRows needs a drizzle transaction on postgres.js or PGlite.");
  if ("unsafe" in client) {
    await pipeline(Readable.from(data.chunks), await client.unsafe(`copy ${target} from stdin`).writable());
    return data.rows;
  }
  const result = await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob(data.chunks) });
  return result.affectedRows ?? data.rows;
}
