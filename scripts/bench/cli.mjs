// `npm run bench:cli [-- --runs N] [--bundle DIR]`: start-up of the production CLI (docs/performance.md).
// Times `pocket-id --help` and `pocket-id one-time-access-token USER` end to end (process start to
// exit) against PostgreSQL (BENCH_DATABASE_URL, default a throwaway database on 127.0.0.1:5432).
// Needs the bundle: `npm run build` first. Targets: --help ≤ 150 ms, the link ≤ 500 ms (medians).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { root } from "../lib.mjs";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "15" }, bundle: { type: "string", default: path.join(root, "dist") } } });
const runs = Number(args.runs);
const cli = path.join(path.resolve(args.bundle), "pocket-id");
if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = `pocket_id_cli_bench_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-cli-bench-"));
const env = { PATH: process.env.PATH, DATABASE_URL: url.href, DATA_DIR: dataDir, APP_URL: "http://localhost:1411" };

function time(commandArgs) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, ...commandArgs], { env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`pocket-id ${commandArgs.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}, ${samples.length} runs)`;
};

try {
  time(["migrate"]);
  const client = postgres(url.href, { max: 1, onnotice: () => {} });
  await client`insert into users (username, email, first_name) values ('bench-user', 'bench@example.com', 'Bench')`;
  await client.end();
  const [load] = os.loadavg();
  const help = [];
  const token = [];
  for (let run = 0; run < runs; run++) {
    help.push(time(["--help"]).ms);
    const { ms, stdout } = time(["one-time-access-token", "bench-user"]);
    if (!stdout.includes("/lc/")) throw new Error(`one-time-access-token printed no link: ${stdout}`);
    token.push(ms);
  }
  process.stdout.write(`pocket-id --help:                           ${summary(help)}  (target ≤ 150 ms)\n`);
  process.stdout.write(`pocket-id one-time-access-token (PostgreSQL): ${summary(token)}  (target ≤ 500 ms)\n`);
  process.stdout.write(`Node ${process.versions.node}, ${os.cpus().length} cores, load average ${load.toFixed(2)} at start${load > 3 ? " (busy machine: figures are noise)" : ""}\n`);
} finally {
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
