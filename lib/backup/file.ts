// The export file on disk: records as gzip'd JSON lines (layout in ./format.ts), written through a
// temporary file so a failed export never leaves a file that looks complete.
import "server-only";
import { once } from "node:events";
import fs from "node:fs";
import { pipeline as pipelineStreams } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";
import { ValidationError } from "@/lib/errors";
import type { ExportHeader, ExportRecord } from "./format";

/** Writes what `produce` emits to `file` (mode 0600: it holds hashes, ciphertexts and personal data). */
export async function writeExportFile<T>(file: string, produce: (emit: (record: ExportRecord) => Promise<void>) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
  written.catch(() => {}); // awaited below; a write error also surfaces through the next write
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  let table = "";
  try {
    const result = await produce(async (record) => {
      if (record.kind === "header") return write(JSON.stringify(record.header) + "\n");
      if (record.kind === "end") return write(JSON.stringify({ end: true }) + "\n");
      if (record.table !== table) await write(JSON.stringify({ table: (table = record.table) }) + "\n");
      await write(record.lines.join("\n") + "\n");
    });
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    return result;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Lines of a gzip'd text file, read a chunk at a time. */
async function* gunzipLines(file: string): AsyncGenerator<string> {
  // Errors of either stream surface in the loop below; leaving the loop early closes both.
  const gunzip = pipelineStreams(fs.createReadStream(file), zlib.createGunzip(), () => {});
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of gunzip) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop()!;
      yield* lines;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith("Z_")) throw new ValidationError(`${file} is not a complete gzip'd Pocket ID export (${(error as Error).message}).`);
    throw error;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

// A batch ends at whichever comes first: rows of pictures are tens of kB each.
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 4 * 2 ** 20;

/** Reads an export file back into records, rows in batches; a file cut short fails before its end. */
export async function* readExportFile(file: string): AsyncGenerator<ExportRecord> {
  let table: string | null = null;
  let lines: string[] = [];
  let chars = 0;
  let sawHeader = false;
  for await (const line of gunzipLines(file)) {
    if (line.startsWith("[")) {
      if (!table) throw new ValidationError(`${file}: a row appears before any table line.`);
      lines.push(line);
      chars += line.length;
      if (lines.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
        yield { kind: "rows", table, lines };
        [lines, chars] = [[], 0];
      }
      continue;
    }
    if (table && lines.length) yield { kind: "rows", table, lines };
    [lines, chars] = [[], 0];
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ValidationError(`${file} is not a Pocket ID export: a line is not JSON.`);
    }
    if (!sawHeader) {
      sawHeader = true;
      yield { kind: "header", header: parsed as unknown as ExportHeader };
    } else if (typeof parsed.table === "string") {
      table = parsed.table;
    } else if (parsed.end === true) {
      yield { kind: "end" };
      return;
    }
  }
  throw new ValidationError(`${file} ends before its last line: the export is incomplete.`);
}
