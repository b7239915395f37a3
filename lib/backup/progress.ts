// Progress of a long export or import, for stderr: one line per table when it is done, and while a
// large table streams, a line at most every two seconds.
import "server-only";

export type ProgressSink = (line: string) => void;

const count = (n: number) => n.toLocaleString("en");

export function tableProgress(say: ProgressSink, verb: string, intervalMs = 2_000) {
  let last = Date.now();
  return {
    rows(table: string, done: number, total: number) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      say(`${verb} ${table}: ${count(done)} / ${count(total)} rows`);
    },
    done(table: string, rows: number) {
      last = Date.now();
      say(`${verb} ${table}: ${count(rows)} rows`);
    },
  };
}
