// The sync's picture stage, between the guard and the write: changed pictures only (the diff drops
// unchanged hashes) are downloaded when they are URLs, then decoded, resized and re-encoded
// (lib/pictures/process.ts). Work runs a few at a time, so a directory full of new photos neither
// serialises on slow servers nor starts thousands of downloads at once. A picture that cannot be
// used is a warning; the user is synced, and the stored picture, if any, stays until a good one comes.
import "server-only";
import { downloadPicture, DownloadError, isPublicAddress } from "@/lib/pictures/download";
import { newPublicToken, PictureError, processPicture, type PictureVariants } from "@/lib/pictures/process";
import type { PictureRow } from "./diff";
import { PICTURE_MAX_BYTES } from "./map";
import type { ReportEntry } from "./report";

export interface ReadyPicture extends PictureVariants {
  userId: string;
  publicToken: string;
  url: string | null;
  sourceHash: string;
}

export interface PictureStageOptions {
  allowPrivateAddresses: boolean;
  /** Per download, redirects included. */
  timeoutMs?: number;
  concurrency?: number;
}

/**
 * After this many downloads from one host found it unreachable in a run, its other URLs are not
 * tried (a dead server costs a few timeouts, not one per user). A 404 or a bad image does not count.
 */
const HOST_FAILURE_LIMIT = 3;

async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Ready-to-store pictures for the plan's changed ones; what failed is reported through `warn`. */
export async function preparePictures(rows: readonly PictureRow[], options: PictureStageOptions, warn: (entry: ReportEntry) => void): Promise<ReadyPicture[]> {
  const ready: ReadyPicture[] = [];
  const hostFailures = new Map<string, number>();
  const download = { maxBytes: PICTURE_MAX_BYTES, timeoutMs: options.timeoutMs ?? 10_000, addressAllowed: options.allowPrivateAddresses ? () => true : isPublicAddress };
  await eachLimited(rows, options.concurrency ?? 8, async (row) => {
    let bytes = row.data;
    const host = row.url ? hostOf(row.url) : "";
    try {
      if (row.url) {
        if ((hostFailures.get(host) ?? 0) >= HOST_FAILURE_LIMIT) throw new DownloadError(`was not tried: ${host} could not be reached ${HOST_FAILURE_LIMIT} times in this run`);
        bytes = await downloadPicture(row.url, download).catch((error: unknown) => {
          if (error instanceof DownloadError && error.unreachable) hostFailures.set(host, (hostFailures.get(host) ?? 0) + 1);
          throw error;
        });
      }
      if (!bytes) return;
      ready.push({ userId: row.userId, publicToken: newPublicToken(), url: row.url, sourceHash: row.hash, ...(await processPicture(bytes)) });
    } catch (error) {
      if (!(error instanceof DownloadError || error instanceof PictureError)) throw error;
      const what = row.url ? `profile picture URL ${row.url}` : "profile picture";
      warn({ dn: row.dn, reason: `${what} ${error.message}; it was not synced` });
    }
  });
  return ready;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
